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
