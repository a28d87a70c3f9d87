import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PCITRACK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install the Debian chromium package")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy blocks; Chromium also logs it on the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`Content Security Policy violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` in ${e.documentURI} (${e.sourceFile || "?"}:${e.lineNumber}) ${e.sample || ""}`);
});
"""


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy blocked during the test; any entry left fails the test."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    page.on("console", on_console)
    yield page
    context.close()
    if csp_violations:
        pytest.fail("The page broke its Content-Security-Policy:\n" + "\n".join(csp_violations))


@pytest.fixture
def password_for(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def set_password(user, password="e2e-password-123"):
        user.set_password(password)
        user.save()
        return password

    return set_password
