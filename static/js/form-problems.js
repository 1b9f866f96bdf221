// After a form comes back with problems, take keyboard and screen-reader users to the
// error summary (GOV.UK Frontend also does this; this covers pages where it does not run).
(function () {
  "use strict";
  var summary = document.querySelector(".govuk-error-summary");
  if (summary && document.activeElement === document.body) { summary.focus(); }
})();
