// Saves a report's draft while the person types: after 20 seconds without typing, and when the
// page is left or hidden (a keepalive request, which the browser completes after the page is gone).
// A save that fails — refused, conflicting, a server error or no connection — is said in words,
// never hidden, and the typed text stays in the form.
(function () {
  const form = document.getElementById("report-form");
  if (!form || !form.dataset.autosave) return;
  const status = document.getElementById("autosave-status");
  let timer = null, dirty = false, busy = false, pending = Promise.resolve();

  function say(key, time) {
    const text = status.dataset[key] || key;
    status.textContent = time ? text.replace("{time}", time) : text;
    status.classList.toggle("error", key !== "saved");
  }

  function setVersion(version) {
    document.querySelectorAll("input[name=version]").forEach((input) => { input.value = version; });
  }

  async function answer(response) {
    let data = {};
    try { data = await response.json(); } catch (e) { /* an HTML error page */ }
    if (response.ok && data.ok) {
      setVersion(data.version);
      say("saved", data.saved);
      return;
    }
    dirty = true;
    if (response.status === 409 && data.closed) { status.textContent = data.closed; status.classList.add("error"); }
    else if (response.status === 409) say("conflict");
    else if (response.status === 400 && data.errors) { status.textContent = data.errors.join(" "); status.classList.add("error"); }
    else if (response.status === 403 || response.status === 404 || response.redirected) say("forbidden");
    else say("failed");
  }

  async function send(keepalive) {
    busy = true; dirty = false;
    try {
      const response = await fetch(window.location.href, {
        method: "POST", body: new FormData(form), headers: { "X-Autosave": "1" },
        credentials: "same-origin", keepalive: Boolean(keepalive),
      });
      await answer(response);
    } catch (e) {
      dirty = true;
      say("offline");
    } finally {
      busy = false;
    }
  }

  // One save at a time, in order: a save asked for while one is on its way follows it.
  function save(keepalive) {
    if (keepalive && dirty) return send(true);  // the page is going: no time to wait
    pending = pending.then(() => (dirty ? send(false) : undefined));
    return pending;
  }

  form.addEventListener("input", () => { dirty = true; clearTimeout(timer); timer = setTimeout(() => save(false), 20000); });
  form.addEventListener("submit", () => { dirty = false; clearTimeout(timer); });
  // Another form of the page (attaching evidence, submitting the report) leaves the page: what was
  // typed is saved first, so the page that comes back shows it and the report sent holds it.
  document.querySelectorAll("form").forEach((other) => {
    if (other === form || other.closest("header")) return;
    other.addEventListener("submit", async (event) => {
      if (event.defaultPrevented || (!dirty && !busy)) return;  // not sent (a question answered "no"), or nothing to save
      event.preventDefault();
      clearTimeout(timer);
      await save(false);
      if (!dirty) other.submit();
    });
  });
  window.addEventListener("online", () => { if (dirty) save(false); });
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save(true); });
  window.addEventListener("pagehide", () => save(true));
})();
