// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
(function () {
  // <select data-submit-on-change>: choosing an option sends its form (the language switch in the header).
  document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // <button data-print>: prints the page (the overview's print stylesheet fits it on one A4 page).
  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  // <form data-confirm="question">: sent only once the person confirms (removing a file).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
