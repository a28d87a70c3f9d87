// Saves a report's draft while the person types: after 20 seconds without typing, and
// before leaving the page. A refusal (someone else saved first) is shown, never hidden.
(function () {
  const form = document.getElementById("report-form");
  if (!form || !form.dataset.autosave) return;
  const status = document.getElementById("autosave-status");
  const version = form.querySelector("input[name=version]");
  let timer = null, dirty = false, busy = false;
  async function save() {
    if (!dirty || busy) return;
    busy = true; dirty = false;
    try {
      const response = await fetch(window.location.href, { method: "POST", body: new FormData(form), headers: { "X-Autosave": "1" }, credentials: "same-origin" });
      const data = await response.json();
      if (data.ok) {
        version.value = data.version;
        document.querySelectorAll("input[name=version]").forEach((input) => { input.value = data.version; });
        status.textContent = status.dataset.saved ? status.dataset.saved.replace("{time}", data.saved) : "✓ " + data.saved;
      } else {
        status.textContent = data.conflict || (data.errors || []).join(" ");
        status.classList.add("error");
      }
    } catch (e) {
      dirty = true;
    } finally {
      busy = false;
    }
  }
  form.addEventListener("input", () => { dirty = true; clearTimeout(timer); timer = setTimeout(save, 20000); });
  form.addEventListener("submit", () => { dirty = false; clearTimeout(timer); });
  window.addEventListener("beforeunload", () => { if (dirty) save(); });
})();
