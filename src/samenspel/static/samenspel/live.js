/* The live board of a learning session (learning_sessions.room).

   The page holds <section id="board" data-live="/live/<key>/" data-version="N"
   data-phase="...">. This script asks that address about once a second whether the
   version changed (If-None-Match: "N"): the answer is 304, empty, while nothing changed,
   and otherwise the board drawn anew, which replaces the section's content. When the
   phase changed, the room page reloads (its forms differ per phase), unless someone is
   typing there: then a line says so and they decide. The same holds when the board's
   room state changes (the values of its data-room-state marks, which a board section
   of learning_sessions/places.py sets, such as a compass round opening). A hidden tab,
   or an error, slows the polling down to every five seconds.

   Nothing here tells anyone what others do: no presence, no typing signal. A short
   status line (role="status") announces updates to screen readers, at most every
   fifteen seconds; the board itself is not a live region.

   Without this script everything works by page loads: the room shows a refresh link,
   which this script hides while the board keeps itself up to date. */
(function () {
  "use strict";

  var board = document.getElementById("board");
  if (!board || !window.fetch) {
    return;
  }
  var address = board.getAttribute("data-live");
  var version = board.getAttribute("data-version");
  var phase = board.getAttribute("data-phase");
  var reloadOnPhase = board.hasAttribute("data-reload-on-phase");
  var status = document.getElementById("live-status");
  var refresh = document.getElementById("live-refresh");

  var FAST = 1000;
  var SLOW = 5000;
  var ANNOUNCE_EVERY = 15000;
  var failures = 0;
  var timer = null;
  var lastAnnounced = 0;
  var pendingAnnouncement = null;
  var leaving = false;

  function delay() {
    var base = document.hidden || failures > 0 ? SLOW : FAST;
    // Jitter, so that a room full of phones does not poll in step.
    return base * (0.8 + Math.random() * 0.4);
  }

  function schedule(wait) {
    window.clearTimeout(timer);
    if (leaving) {
      return;
    }
    timer = window.setTimeout(poll, wait === undefined ? delay() : wait);
  }

  function say(text) {
    if (!status || !text) {
      return;
    }
    var now = Date.now();
    window.clearTimeout(pendingAnnouncement);
    if (now - lastAnnounced >= ANNOUNCE_EVERY) {
      lastAnnounced = now;
      status.textContent = "";
      // A fresh text node, so that the same words are announced again.
      window.setTimeout(function () { status.textContent = text; }, 50);
    } else {
      pendingAnnouncement = window.setTimeout(function () { say(text); },
        ANNOUNCE_EVERY - (now - lastAnnounced));
    }
  }

  function typing() {
    // Text typed or a choice made in one of the room's forms that was not sent yet.
    var fields = document.querySelectorAll("main form textarea, main form input[type=text]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value !== fields[i].defaultValue) {
        return true;
      }
    }
    var choices = document.querySelectorAll("main form input[type=radio]");
    for (var j = 0; j < choices.length; j += 1) {
      if (choices[j].checked !== choices[j].defaultChecked) {
        return true;
      }
    }
    return false;
  }

  function roomState(root) {
    var marks = root.querySelectorAll("[data-room-state]");
    var values = [];
    for (var i = 0; i < marks.length; i += 1) {
      values.push(marks[i].getAttribute("data-room-state"));
    }
    return values.join(" ");
  }

  function update(data) {
    var drawn = document.createElement("div");
    drawn.innerHTML = data.board;
    var stateChanged = roomState(drawn) !== roomState(board);
    if (reloadOnPhase && (data.phase !== phase || stateChanged)) {
      if (typing()) {
        if (status) {
          status.textContent = status.getAttribute("data-moved");
        }
        if (refresh) {
          refresh.hidden = false;
        }
      } else {
        window.location.reload();
        return;
      }
    }
    board.innerHTML = data.board;
    version = String(data.version);
    phase = data.phase;
    board.setAttribute("data-version", version);
    board.setAttribute("data-phase", phase);
    if (status) {
      say(status.getAttribute("data-updated"));
    }
  }

  function poll() {
    window.fetch(address, {
      headers: { "If-None-Match": "\"" + version + "\"" },
      cache: "no-store",
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 304) {
        return null;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (data) {
      if (leaving) {
        return;
      }
      failures = 0;
      if (refresh && !typing()) {
        refresh.hidden = true;
      }
      if (data && String(data.version) !== version) {
        update(data);
      }
      schedule();
    }).catch(function () {
      failures += 1;
      if (refresh) {
        refresh.hidden = false;
      }
      schedule();
    });
  }

  // Once a form is sent, this page is on its way out: a poll that answered now would
  // reload it in the middle of that and lose the answer to what was sent.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      leaving = true;
      window.clearTimeout(timer);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !leaving) {
      schedule(0);
    }
  });
  schedule();
}());
