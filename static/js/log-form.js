// The contact log, for a phone with a weak signal:
// - questions that do not apply are hidden (<div data-shown-when="outcome"
//   data-shown-values="held">); without this script every question shows and the server
//   ignores the ones that do not apply;
// - what is typed into <form data-draft="..."> is kept in this device's localStorage as it is
//   typed, with the form's one-off key, and put back when the page is opened again (after
//   a lost signal, a closed tab or signing in again), with a way to start again;
// - sending with no connection is stopped with a message, and the log stays kept;
// - a double tap sends once (the server also stores a key once);
// - the kept copy goes when the log has been stored (the page after saving carries
//   data-draft-sent="<key>") and when the person signs out.
(function () {
  "use strict";
  var PREFIX = "draft:";
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (error) {
    store = null; // storage turned off: the form still works, nothing is kept
  }
  var SKIPPED = ["password", "file", "submit", "button", "reset", "image"];

  function draftKeys() {
    var keys = [];
    if (!store) { return keys; }
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { keys.push(key); }
    }
    return keys;
  }
  function read(key) {
    try { return JSON.parse(store.getItem(key)); } catch (error) { return null; }
  }

  // Signing out on purpose: nothing is kept on the device.
  document.querySelectorAll("form[data-sign-out]").forEach(function (form) {
    form.addEventListener("submit", function () {
      draftKeys().forEach(function (key) { store.removeItem(key); });
    });
  });

  // The page after a log was stored: forget the copy that carried its key.
  var sent = document.querySelector("[data-draft-sent]");
  if (sent && store) {
    var sentKey = sent.getAttribute("data-draft-sent");
    draftKeys().forEach(function (key) {
      var draft = read(key);
      if (!draft || draft.key === sentKey) { store.removeItem(key); }
    });
  }

  // The sign-in page, after a sign-in ran out: say the log is kept and will be put back.
  var signIn = document.querySelector("form[data-sign-in]");
  if (signIn && store) {
    var nextField = signIn.querySelector("input[name=next]");
    var next = nextField ? nextField.value : new URLSearchParams(window.location.search).get("next");
    var path = next ? new URL(next, window.location.href).pathname : null;
    var waiting = path && draftKeys().some(function (key) {
      var draft = read(key);
      return draft && draft.page === path;
    });
    if (waiting && !document.querySelector("[data-kept-notice]")) {
      var inset = document.createElement("div");
      inset.className = "govuk-inset-text";
      inset.setAttribute("data-kept-notice", "");
      inset.textContent = "Your log has been kept on this device. After you sign in you will go back to it.";
      signIn.parentNode.insertBefore(inset, signIn);
    }
  }

  // Questions shown only for some answers.
  function showDependents(form) {
    form.querySelectorAll("[data-shown-when]").forEach(function (section) {
      var name = section.getAttribute("data-shown-when");
      var wanted = section.getAttribute("data-shown-values").split(" ");
      var checked = form.querySelector("input[name='" + name + "']:checked");
      section.hidden = !(checked && wanted.indexOf(checked.value) !== -1);
    });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name !== "csrfmiddlewaretoken" && !element.disabled &&
        SKIPPED.indexOf((element.type || "").toLowerCase()) === -1;
    });
  }
  function pairsOf(form) {
    var pairs = [];
    fields(form).forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) { pairs.push([element.name, element.value]); }
      } else {
        pairs.push([element.name, element.value]);
      }
    });
    return pairs;
  }
  function fill(form, pairs) {
    function has(name, value) {
      return pairs.some(function (pair) { return pair[0] === name && pair[1] === value; });
    }
    var used = {};
    fields(form).forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = has(element.name, element.value);
      } else {
        var values = pairs.filter(function (pair) { return pair[0] === element.name; });
        var n = used[element.name] || 0;
        used[element.name] = n + 1;
        if (values[n]) { element.value = values[n][1]; }
      }
    });
  }
  function banner(form, text, withRestart) {
    var box = document.createElement("div");
    box.className = "govuk-notification-banner";
    box.setAttribute("role", "region");
    box.setAttribute("aria-labelledby", "draft-title");
    box.tabIndex = -1;
    box.setAttribute("data-draft-notice", "");
    box.innerHTML = '<div class="govuk-notification-banner__header">' +
      '<h2 class="govuk-notification-banner__title" id="draft-title">Your log so far</h2></div>' +
      '<div class="govuk-notification-banner__content">' +
      '<p class="govuk-notification-banner__heading"></p></div>';
    box.querySelector("p").textContent = text;
    if (withRestart) {
      var restart = document.createElement("button");
      restart.type = "button";
      restart.className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-0";
      restart.textContent = "Clear it and start again";
      restart.addEventListener("click", withRestart);
      box.querySelector(".govuk-notification-banner__content").appendChild(restart);
    }
    form.parentNode.insertBefore(box, form);
    return box;
  }
  function when(savedAt) {
    var date = new Date(savedAt);
    return date.toLocaleString("en-GB", {
      weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit",
    });
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var storeKey = PREFIX + form.getAttribute("data-draft");
    var keyField = form.querySelector("input[name='" + (form.getAttribute("data-draft-key-field") || "key") + "']");
    var cameBackWithProblems = Boolean(document.querySelector(".govuk-error-summary"));

    function save() {
      if (!store) { return; }
      var draft = {
        savedAt: Date.now(),
        page: window.location.pathname,
        key: keyField ? keyField.value : "",
        fields: pairsOf(form),
      };
      try { store.setItem(storeKey, JSON.stringify(draft)); } catch (error) { /* storage full */ }
    }

    if (store) {
      var draft = read(storeKey);
      if (draft && !cameBackWithProblems && draft.fields) {
        var initial = pairsOf(form);
        fill(form, draft.fields);
        var notice = banner(form,
          "We have put back what you typed on " + when(draft.savedAt) + ". Check it, then save the log.",
          function () {
            store.removeItem(storeKey);
            fill(form, initial);
            showDependents(form);
            notice.parentNode.removeChild(notice);
            form.querySelector("input, textarea, select").focus();
          });
        window.addEventListener("load", function () { notice.focus(); });
      } else if (cameBackWithProblems) {
        save(); // what the server sent back is the latest
      }
    }
    showDependents(form);
    form.addEventListener("input", save);
    form.addEventListener("change", function () { showDependents(form); save(); });

    var offline = form.querySelector("[data-offline-notice]");
    form.addEventListener("submit", function (event) {
      save();
      if (navigator.onLine === false) {
        event.preventDefault();
        if (offline) {
          offline.hidden = false;
          offline.focus();
        }
        return;
      }
      if (form.dataset.sending) { event.preventDefault(); return; } // a double tap
      form.dataset.sending = "1";
    });
    window.addEventListener("online", function () {
      if (offline && !offline.hidden) {
        offline.querySelector(".govuk-notification-banner__title").textContent = "Connected again";
        offline.querySelector(".govuk-notification-banner__heading").textContent =
          "You have a connection again. Your log is still here.";
      }
    });
    // Coming back to the page (the Back button after a failed send) allows sending again.
    window.addEventListener("pageshow", function () { delete form.dataset.sending; });
  });
})();
