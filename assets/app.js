// Optional enhancement only: every page works without JavaScript.
// Starts GOV.UK Frontend's components (error summary focus, service navigation menu, character
// count, conditional reveals). initAll does nothing unless the page template marked the body
// `govuk-frontend-supported`.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// A page that answers a POST holds what the person typed, and sarkit keeps none of it. Chromium
// goes back to such a page by posting it again, behind its "Confirm Form Resubmission" page.
// Replacing the history entry with the same address (no form data) makes Back and Reload ask
// for it with a GET instead, and that address answers a GET with a page that says what to do.
if (document.body.hasAttribute("data-posted")) {
  window.history.replaceState(window.history.state, "", window.location.href);
}

// A "Copy the text" button beside each letter's text. Without JavaScript the button stays hidden
// and the box can still be selected and copied by hand.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const box = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!box || !status) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let copied = false;
    // The Clipboard API needs a secure context (HTTPS, or localhost); older browsers get the
    // selection and execCommand, which still works there.
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(box.value);
        copied = true;
      } catch {
        copied = false;
      }
    }
    if (!copied) {
      box.focus();
      box.select();
      copied = document.execCommand("copy");
    }
    status.textContent = copied ? button.dataset.copied : button.dataset.notCopied;
  });
}
