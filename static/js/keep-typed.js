// Nothing typed is lost when a sign-in runs out. What is typed into a <form data-keep> is
// kept in this tab's sessionStorage (never in the URL; never passwords, hidden fields or
// the CSRF token). If sending it finds the sign-in over, the sign-in page says what was
// kept, and after signing in the person is back on the form with it filled in again.
// The copy goes once the form has been sent (the next page is not the form with
// problems), on "Sign out", and when the tab is closed.
(function () {
  "use strict";
  var PREFIX = "keep:";
  var PENDING = "keep-sent"; // the key of a form just sent, outcome not yet known
  var RESTORE = "keep-restore"; // the page whose forms are to be filled in again
  var store;
  try {
    store = window.sessionStorage;
    store.getItem(PENDING);
  } catch (error) {
    return; // storage turned off: forms work as before
  }
  var SKIPPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  function pageOf(url) {
    var parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }
  function keyFor(form, index) {
    return PREFIX + pageOf(form.getAttribute("action") || window.location.href) + "#" + (form.id || index);
  }
  function pageOfKey(key) {
    return key.slice(PREFIX.length, key.lastIndexOf("#"));
  }
  function keptKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { keys.push(key); }
    }
    return keys;
  }
  function forget(keys) {
    keys.forEach(function (key) { store.removeItem(key); });
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name !== "csrfmiddlewaretoken" && !element.disabled &&
        SKIPPED.indexOf((element.type || "").toLowerCase()) === -1;
    });
  }
  function save(form, key) {
    var pairs = [];
    fields(form).forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) { pairs.push([element.name, element.value]); }
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          pairs.push([element.name, option.value]);
        });
      } else {
        pairs.push([element.name, element.value]);
      }
    });
    try { store.setItem(key, JSON.stringify(pairs)); } catch (error) { /* storage full */ }
  }
  function fill(form, pairs) {
    function has(name, value) {
      return pairs.some(function (pair) { return pair[0] === name && pair[1] === value; });
    }
    var used = {};
    fields(form).forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = has(element.name, element.value);
      } else if (element.type === "select-multiple") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = has(element.name, option.value);
        });
      } else {
        // The nth field of a name gets the nth value kept for it.
        var values = pairs.filter(function (pair) { return pair[0] === element.name; });
        var n = used[element.name] || 0;
        used[element.name] = n + 1;
        if (values[n]) { element.value = values[n][1]; }
      }
      // A folded-away section (<details>) that gets something back opens, so it is seen.
      var folded = element.closest("details");
      var filled = element.type === "checkbox" || element.type === "radio" ? element.checked : element.value;
      if (folded && filled) { folded.open = true; }
    });
  }
  function notice(before, text, heading) {
    var banner = document.createElement("div");
    banner.className = "govuk-notification-banner";
    banner.setAttribute("role", "region");
    banner.setAttribute("aria-labelledby", "kept-typing-title");
    banner.tabIndex = -1;
    banner.setAttribute("data-kept-notice", "");
    var header = document.createElement("div");
    header.className = "govuk-notification-banner__header";
    var title = document.createElement("h2");
    title.className = "govuk-notification-banner__title";
    title.id = "kept-typing-title";
    title.textContent = heading;
    header.appendChild(title);
    var content = document.createElement("div");
    content.className = "govuk-notification-banner__content";
    var paragraph = document.createElement("p");
    paragraph.className = "govuk-notification-banner__heading";
    paragraph.textContent = text;
    content.appendChild(paragraph);
    banner.appendChild(header);
    banner.appendChild(content);
    before.parentNode.insertBefore(banner, before);
    return banner;
  }

  // Signing out on purpose: nothing is kept.
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      forget(keptKeys());
      store.removeItem(PENDING);
      store.removeItem(RESTORE);
    });
  });

  // The sign-in page: if the page it leads back to has a kept copy, say so and fill it in
  // there after signing in.
  var signIn = document.querySelector("form[data-sign-in]");
  if (signIn) {
    var nextField = signIn.querySelector("input[name=next]");
    var next = nextField ? nextField.value : new URLSearchParams(window.location.search).get("next");
    if (next) {
      next = pageOf(next);
      var kept = keptKeys().some(function (key) { return pageOfKey(key) === next; });
      if (kept) {
        store.setItem(RESTORE, next);
        var inset = document.createElement("div");
        inset.className = "govuk-inset-text";
        inset.setAttribute("data-kept-notice", "");
        inset.textContent = "What you typed has been kept. After you sign in you will go back to it.";
        signIn.parentNode.insertBefore(inset, signIn);
      }
    }
    return;
  }

  var here = pageOf(window.location.href);
  var restoreHere = store.getItem(RESTORE) === here;
  var sent = store.getItem(PENDING);
  store.removeItem(PENDING);
  if (sent && !restoreHere) {
    var cameBackWithProblems = pageOfKey(sent) === here &&
      document.querySelector(".govuk-error-summary");
    if (!cameBackWithProblems && pageOfKey(sent) !== store.getItem(RESTORE)) {
      store.removeItem(sent); // sent, and accepted
    }
  }
  if (restoreHere) { store.removeItem(RESTORE); }

  var filledIn = null;
  document.querySelectorAll("form[data-keep]").forEach(function (form, index) {
    var key = keyFor(form, index);
    var copy = store.getItem(key);
    if (restoreHere && copy) {
      try {
        fill(form, JSON.parse(copy));
        filledIn = filledIn || form;
      } catch (error) { store.removeItem(key); }
    } else {
      store.removeItem(key); // a fresh visit starts afresh
    }
    function keep() { save(form, key); }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", function () {
      keep();
      store.setItem(PENDING, key);
    });
  });
  if (filledIn) {
    var keptNotice = notice(filledIn,
      "We have put back what you typed before you were signed out. Check it and send it again.",
      "What you typed");
    // After GOV.UK Frontend has started (it focuses a "Done" banner): this matters more.
    window.addEventListener("load", function () { keptNotice.focus(); });
  }
})();
