// The GOV.UK timeout warning: before a signed-in person's sign-in ends for want of activity,
// a dialog says so and offers "Stay signed in" (a POST to the keep-alive view) or "Sign out".
// The time left is shown in words; screen readers hear it when the dialog opens and then
// every 30 seconds, not every second. If time runs out, the page is opened again, and the
// server sends the person to the sign-in page, which says why (js/keep-typed.js keeps what
// they had typed). Times come from <body data-session-...> (core/context_processors.py).
(function () {
  "use strict";
  var body = document.body;
  var dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function" || !body.dataset.sessionSecondsLeft) {
    return;
  }
  var idle = Number(body.dataset.sessionIdleSeconds) * 1000;
  var loadedAt = Date.now();
  var endsAt = loadedAt + Number(body.dataset.sessionSecondsLeft) * 1000;
  var absoluteEndsAt = loadedAt + Number(body.dataset.sessionAbsoluteSecondsLeft) * 1000;
  // Warn 2 minutes before the end, or a fifth of the idle time before it if that is shorter.
  var warnBefore = Math.min(120000, idle / 5);
  var MARGIN = 3000; // the server must have let the sign-in go before the page is opened again
  var visibleTime = document.getElementById("timeout-warning-time");
  var announce = dialog.querySelector("[data-timeout-announce]");
  var stay = dialog.querySelector("[data-timeout-stay]");
  var absoluteNote = dialog.querySelector("[data-timeout-absolute]");
  var heading = document.getElementById("timeout-warning-heading");
  var warnTimer = null;
  var ticker = null;
  var lastAnnounced = null;
  var returnFocusTo = null;

  function words(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    var parts = [];
    if (minutes) { parts.push(minutes + (minutes === 1 ? " minute" : " minutes")); }
    if (rest || !minutes) { parts.push(rest + (rest === 1 ? " second" : " seconds")); }
    return parts.join(" ");
  }

  function schedule() {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(warn, Math.max(0, endsAt - warnBefore - Date.now()));
  }

  function update() {
    var left = endsAt - Date.now();
    if (left <= -MARGIN) { timedOut(); return; }
    var sentence = "You will be signed out in " + words(Math.max(left, 0)) + ".";
    visibleTime.textContent = sentence;
    var step = Math.ceil(left / 30000); // say it again only every 30 seconds
    if (step !== lastAnnounced) { lastAnnounced = step; announce.textContent = sentence; }
  }

  function warn() {
    if (dialog.open) { return; }
    var cannotStay = absoluteEndsAt <= endsAt;
    stay.hidden = cannotStay;
    absoluteNote.hidden = !cannotStay;
    returnFocusTo = document.activeElement;
    lastAnnounced = null;
    update();
    dialog.showModal();
    (cannotStay ? heading : stay).focus();
    ticker = setInterval(update, 1000);
  }

  function close() {
    clearInterval(ticker);
    dialog.close();
    if (returnFocusTo && typeof returnFocusTo.focus === "function") { returnFocusTo.focus(); }
  }

  function timedOut() {
    clearInterval(ticker);
    clearTimeout(warnTimer);
    // Open the page again (as a GET): the sign-in has ended, so the server sends the person
    // to sign in, and back here afterwards.
    window.location.assign(window.location.pathname + window.location.search);
  }

  function csrfToken() {
    var input = dialog.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function stayed() {
    var now = Date.now();
    endsAt = Math.min(now + idle, absoluteEndsAt);
    close();
    schedule();
  }

  function keepAlive() {
    fetch(body.dataset.keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      redirect: "manual"
    }).then(function (response) {
      if (response.status === 204) { stayed(); } else { timedOut(); }
    }, function () {
      update(); // offline for a moment: the dialog stays, and the button can be pressed again
    });
  }

  stay.addEventListener("click", keepAlive);
  dialog.addEventListener("cancel", function (event) {
    // Escape means "not now": the same as "Stay signed in", where that is possible.
    event.preventDefault();
    if (!stay.hidden) { keepAlive(); }
  });
  // A page part loaded by htmx also moves the end on (the server saves at most once a minute).
  document.addEventListener("htmx:afterRequest", function () {
    endsAt = Math.max(endsAt, Math.min(Date.now() + idle - 60000, absoluteEndsAt));
    if (!dialog.open) { schedule(); }
  });
  schedule();
})();
