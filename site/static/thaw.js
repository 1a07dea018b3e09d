/* Thaw's own script: progressive enhancement only. Every page works without it.
   No storage, no cookies, no network requests of its own. */
(function () {
  "use strict";

  // Quick exit: the "Leave this site" link, or Shift pressed three times, blanks the page at once and
  // replaces this page in the history with a neutral site, so the back button does not return here.
  function leave(url) {
    document.documentElement.hidden = true;
    document.title = "";
    window.location.replace(url);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    leave(link.href);
  });
  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 2000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) leave(link.href);
    }
  });

  // htmx: swap only a response that really contains the exercise panel; otherwise load the page normally.
  document.addEventListener("htmx:before:swap", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (!ctx || typeof ctx.text !== "string") return;
    if (ctx.text.indexOf('id="panel"') === -1) {
      event.preventDefault();
      if (ctx.request && ctx.request.action) window.location.assign(ctx.request.action);
    }
  });

  // After a panel swap, move focus to the new step's heading so keyboard and screen-reader users follow along.
  document.addEventListener("htmx:after:swap", function () {
    var heading = document.getElementById("panel-title");
    if (heading) heading.focus();
    initBreathing(document);
  });

  document.addEventListener("DOMContentLoaded", function () { initBreathing(document); initOffline(); });

  // The offline copy: nothing is registered or cached until the visitor asks for it.
  function initOffline() {
    var box = document.querySelector("[data-offline]");
    if (!box || !("serviceWorker" in navigator) || !window.caches) return;
    var scope = box.getAttribute("data-scope");
    var status = box.querySelector(".offline-status");
    var save = box.querySelector("[data-offline-save]");
    var remove = box.querySelector("[data-offline-remove]");
    box.hidden = false;
    function saved(yes) { save.hidden = yes; remove.hidden = !yes; }
    navigator.serviceWorker.getRegistration(scope).then(function (registration) { saved(Boolean(registration)); });
    save.addEventListener("click", function () {
      status.textContent = "Saving…";
      navigator.serviceWorker.register(box.getAttribute("data-worker"), { scope: scope }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        saved(true);
        status.textContent = "Saved. The exercises and the crisis page now work on this device without a connection.";
        remove.focus();
      }).catch(function () { status.textContent = "Sorry, this browser could not save an offline copy."; });
    });
    remove.addEventListener("click", function () {
      navigator.serviceWorker.getRegistration(scope).then(function (registration) {
        return registration ? registration.unregister() : true;
      }).then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("thaw-") === 0; }).map(function (n) { return caches.delete(n); }));
      }).then(function () {
        saved(false);
        status.textContent = "Removed. Nothing from this site is kept on this device.";
        save.focus();
      });
    });
  }

  function initBreathing(root) {
    var widgets = root.querySelectorAll(".breathing:not([data-ready])");
    for (var i = 0; i < widgets.length; i++) setUpBreathing(widgets[i]);
  }

  function setUpBreathing(box) {
    box.setAttribute("data-ready", "");
    var phases = JSON.parse(box.getAttribute("data-phases"));
    var total = Number(box.getAttribute("data-seconds")) * 1000;
    var cycle = phases.reduce(function (sum, p) { return sum + p.seconds * 1000; }, 0);
    var widget = box.querySelector(".breathing-widget");
    var circle = box.querySelector('[data-role="circle"]');
    var phaseText = box.querySelector('[data-role="phase"]');
    var countText = box.querySelector('[data-role="count"]');
    var announce = box.querySelector('[data-role="announce"]');
    var timeText = box.querySelector('[data-role="time"]');
    var speak = box.querySelector('[data-role="speak"]');
    var startButton = box.querySelector('[data-action="start"]');
    var pauseButton = box.querySelector('[data-action="pause"]');
    var stopButton = box.querySelector('[data-action="stop"]');
    var running = false, elapsed = 0, startedAt = 0, timer = null, shownPhase = -1;

    widget.hidden = false;

    function now() { return performance.now(); }
    function currentElapsed() { return running ? elapsed + (now() - startedAt) : elapsed; }

    function phaseAt(ms) {
      var t = ms % cycle, index = 0;
      while (t >= phases[index].seconds * 1000) { t -= phases[index].seconds * 1000; index++; }
      return { index: index, left: phases[index].seconds * 1000 - t, round: Math.floor(ms / cycle) };
    }

    function showPhase(index, left) {
      var phase = phases[index];
      phaseText.textContent = phase.label;
      if (speak.checked) announce.textContent = phase.label;
      circle.className = "breath-circle is-" + phase.name;
      circle.style.transitionDuration = (left / 1000) + "s";
    }

    function render() {
      var ms = currentElapsed();
      if (ms >= total) { finish(); return; }
      var at = phaseAt(ms);
      var key = at.round * phases.length + at.index;
      if (key !== shownPhase) { shownPhase = key; showPhase(at.index, at.left); }
      countText.textContent = String(Math.ceil(at.left / 1000));
      var remaining = Math.ceil((total - ms) / 1000);
      timeText.textContent = Math.floor(remaining / 60) + ":" + String(remaining % 60).padStart(2, "0") + " left";
    }

    function loop() { render(); if (running) timer = window.setTimeout(loop, 100); }

    function start() {
      running = true; startedAt = now(); shownPhase = -1;
      startButton.hidden = true; pauseButton.hidden = false; stopButton.hidden = false;
      pauseButton.textContent = "Pause";
      loop();
      pauseButton.focus();
    }

    function pause() {
      if (running) {
        elapsed = currentElapsed(); running = false; window.clearTimeout(timer);
        var frozen = window.getComputedStyle(circle).transform;
        circle.style.transitionDuration = "0s";
        circle.style.transform = frozen;
        pauseButton.textContent = "Resume";
        phaseText.textContent = "Paused";
        if (speak.checked) announce.textContent = "Paused";
      } else {
        circle.style.transform = "";
        running = true; startedAt = now(); shownPhase = -1;
        pauseButton.textContent = "Pause";
        loop();
      }
    }

    function reset(message) {
      running = false; window.clearTimeout(timer); elapsed = 0; shownPhase = -1;
      circle.className = "breath-circle"; circle.style.transform = ""; circle.style.transitionDuration = "";
      phaseText.textContent = message; countText.textContent = ""; timeText.textContent = "";
      if (speak.checked) announce.textContent = message;
      startButton.hidden = false; pauseButton.hidden = true; stopButton.hidden = true;
      startButton.textContent = "Start again";
      startButton.focus();
    }

    function finish() { reset("Well done. You can breathe normally now."); }

    startButton.addEventListener("click", start);
    pauseButton.addEventListener("click", pause);
    stopButton.addEventListener("click", function () { reset("Stopped"); });
  }
})();
