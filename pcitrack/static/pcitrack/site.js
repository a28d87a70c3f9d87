// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid inline scripts.
(function () {
  // <select data-submit-on-change>: choosing an option sends its form (the language switch in the header).
  document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // The header's menu is a <details> that the stylesheet keeps open on wide screens; a browser that cannot style
  // ::details-content gets it opened here (without JavaScript it is still a menu that opens with a tap).
  const menu = document.querySelector("body > header details.menu");
  if (menu && !CSS.supports("selector(::details-content)") && window.matchMedia("(min-width: 768px)").matches) {
    menu.open = true;
  }
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
