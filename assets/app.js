// Optional enhancement only: every page works without JavaScript.
// Starts GOV.UK Frontend's components (error summary focus, service navigation menu, character
// count, conditional reveals). initAll does nothing unless the page template marked the body
// `govuk-frontend-supported`.
import { initAll } from "./govuk-frontend.min.js";

initAll();
