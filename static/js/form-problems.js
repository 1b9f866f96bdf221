// After a form comes back with problems, take keyboard and screen-reader users to them.
(function () {
  "use strict";
  var formProblems = document.getElementById("form-problems");
  if (formProblems) { formProblems.focus(); }
})();
