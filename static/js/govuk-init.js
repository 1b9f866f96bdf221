// Start GOV.UK Frontend's components (menu toggle, error summary focus, skip link...).
// The body classes say JavaScript is running; without it every page still works.
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
