/* The progress page of a travel report's file (journal.downloads; templates
   journal/downloads/_live.html).

   The page holds <section id="rendering" data-poll="...?format=json" data-state="...">.
   While the file is waiting or being made, this script asks that address about once a
   second how far it is, and moves the <progress> bar, the percentage and the step text
   in place. When the state changes (ready, or failed), the section's content is
   replaced by the one the answer carries (the download button, or the reason and a
   "Try again" button), and the status line (role="status") says so once: screen
   readers hear the outcome, not every percent. A hidden tab, or an error, slows the
   polling down to every five seconds.

   Without this script the page works with its "Refresh now" link, which this script
   hides while it keeps the page up to date. */
(function () {
  "use strict";

  var section = document.getElementById("rendering");
  if (!section || !window.fetch) {
    return;
  }
  var address = section.getAttribute("data-poll");
  var state = section.getAttribute("data-state");
  var body = document.getElementById("rendering-body");
  var announce = document.getElementById("rendering-announce");
  var refresh = document.getElementById("rendering-refresh");

  var FAST = 1000;
  var SLOW = 5000;
  var failures = 0;
  var timer = null;

  function finished(value) {
    return value === "done" || value === "failed";
  }

  if (finished(state)) {
    return;
  }
  if (refresh) {
    refresh.hidden = true;
  }

  function schedule() {
    window.clearTimeout(timer);
    var wait = document.hidden || failures > 0 ? SLOW : FAST;
    timer = window.setTimeout(poll, wait);
  }

  function say(text) {
    if (announce && text) {
      announce.textContent = "";
      window.setTimeout(function () { announce.textContent = text; }, 50);
    }
  }

  function move(data) {
    var bar = document.getElementById("rendering-progress");
    var percent = document.getElementById("rendering-percent");
    var step = document.getElementById("rendering-step");
    if (bar) {
      bar.value = data.progress;
      bar.textContent = data.progress + "%";
    }
    if (percent) {
      percent.textContent = data.progress + "%";
    }
    if (step && data.step) {
      step.textContent = data.step;
    }
  }

  function update(data) {
    if (data.state !== state) {
      body.innerHTML = data.html;
      section.setAttribute("data-state", data.state);
      if (finished(data.state)) {
        say(announce && announce.getAttribute("data-" + data.state));
      } else if (data.state === "running") {
        say(announce && announce.getAttribute("data-running"));
      }
      state = data.state;
    } else {
      move(data);
    }
  }

  function poll() {
    window.fetch(address, {
      headers: { "Accept": "application/json" },
      cache: "no-store",
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    }).then(function (data) {
      failures = 0;
      if (refresh) {
        refresh.hidden = true;
      }
      update(data);
      if (!finished(state)) {
        schedule();
      }
    }).catch(function () {
      failures += 1;
      if (refresh) {
        refresh.hidden = false;
      }
      schedule();
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !finished(state)) {
      window.clearTimeout(timer);
      poll();
    }
  });
  schedule();
}());
