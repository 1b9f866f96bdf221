// Stop a double click sending a form twice (the server also refuses a second copy).
// Applies to every <form class="send-once">.
(function () {
  "use strict";
  document.querySelectorAll("form.send-once").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
  });
})();
