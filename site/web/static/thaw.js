/* Thaw's own script: progressive enhancement only. Every page works without it.
   No storage, no cookies, no network requests of its own. */
(function () {
  "use strict";

  // Quick exit: the "Leave this site" link, or Shift pressed on its own three times (each within 5 seconds of the last),
  // covers the page with a message and replaces this page in the history with an everyday site. Shift counts only
  // when it is released with no other key or click in between, so typing a capital letter never counts. Every word
  // it says comes from the link's data attributes (partials/crisis_bar.html), so there is one place to translate.
  var WINDOW_MS = 5000;
  var exitLink = null, exitStatus = null, presses = 0, expiry = null, shiftDown = false, shiftUsed = false;

  function exitText(name) { return (exitLink && exitLink.getAttribute("data-" + name)) || ""; }

  function showPresses() {
    if (!exitLink) return;
    var dots = exitLink.querySelectorAll(".exit-steps span");
    for (var i = 0; i < dots.length; i++) dots[i].className = i < presses ? "is-on" : "";
    if (exitStatus) exitStatus.textContent = presses === 1 ? exitText("press-one") : presses === 2 ? exitText("press-two") : "";
  }

  function resetPresses() {
    presses = 0;
    window.clearTimeout(expiry);
    showPresses();
  }

  function leave(url) {
    window.clearTimeout(expiry);
    var overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = exitText("leaving");
    document.body.appendChild(overlay);
    document.documentElement.classList.add("is-leaving");
    document.title = "";
    window.location.replace(url);
  }

  function countPress() {
    presses += 1;
    window.clearTimeout(expiry);
    if (presses >= 3) { presses = 0; showPresses(); leave(exitLink.href); return; }
    showPresses();
    expiry = window.setTimeout(resetPresses, WINDOW_MS);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave(link.href);
  });
  document.addEventListener("keydown", function (event) {
    if (!exitLink) return;
    if (event.key === "Shift") {
      if (!event.repeat) { shiftDown = true; shiftUsed = false; }
      return;
    }
    shiftUsed = true;
    if (presses) resetPresses();
  }, true);
  document.addEventListener("keyup", function (event) {
    if (!exitLink || event.key !== "Shift") return;
    var alone = shiftDown && !shiftUsed;
    shiftDown = false;
    if (alone) countPress();
  }, true);
  document.addEventListener("pointerdown", function () {
    shiftUsed = true;
    if (presses) resetPresses();
  }, true);
  // A page shown again from the back-forward cache starts from nothing: no count, no overlay.
  window.addEventListener("pageshow", function () {
    shiftDown = false;
    resetPresses();
    document.documentElement.classList.remove("is-leaving");
    var overlays = document.querySelectorAll(".exit-overlay");
    for (var i = 0; i < overlays.length; i++) overlays[i].remove();
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

  // After a panel swap, bring the panel to the top of the screen (as a step link's #panel does without JavaScript) and
  // move focus to the new step's heading, so keyboard and screen-reader users follow along.
  document.addEventListener("htmx:after:swap", function () {
    var panel = document.getElementById("panel");
    var heading = document.getElementById("panel-title");
    if (panel) panel.scrollIntoView({ block: "start" });
    if (heading) heading.focus({ preventScroll: true });
    initBreathing(document);
  });

  document.addEventListener("DOMContentLoaded", function () {
    exitLink = document.querySelector("[data-quick-exit]");
    exitStatus = document.querySelector("[data-quick-exit-status]");
    initBreathing(document);
    initOffline();
  });

  // The offline copy: nothing is registered or cached until the visitor asks for it.
  function initOffline() {
    var box = document.querySelector("[data-offline]");
    if (!box || !("serviceWorker" in navigator) || !window.caches) return;
    var scope = box.getAttribute("data-scope");
    var status = box.querySelector(".offline-status");
    var save = box.querySelector("[data-offline-save]");
    var remove = box.querySelector("[data-offline-remove]");
    var said = JSON.parse(box.getAttribute("data-messages"));  /* the page's words, in its language */
    box.hidden = false;
    function saved(yes) { save.hidden = yes; remove.hidden = !yes; }
    navigator.serviceWorker.getRegistration(scope).then(function (registration) { saved(Boolean(registration)); });
    save.addEventListener("click", function () {
      status.textContent = said.saving;
      navigator.serviceWorker.register(box.getAttribute("data-worker"), { scope: scope }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function () {
        saved(true);
        status.textContent = said.saved;
        remove.focus();
      }).catch(function () { status.textContent = said.failed; });
    });
    remove.addEventListener("click", function () {
      navigator.serviceWorker.getRegistration(scope).then(function (registration) {
        return registration ? registration.unregister() : true;
      }).then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("thaw-") === 0; }).map(function (n) { return caches.delete(n); }));
      }).then(function () {
        saved(false);
        status.textContent = said.removed;
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
    var said = JSON.parse(box.getAttribute("data-messages"));  /* the page's words, in its language */
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
      timeText.textContent = said.left.replace("%(time)s", Math.floor(remaining / 60) + ":" + String(remaining % 60).padStart(2, "0"));
    }

    function loop() { render(); if (running) timer = window.setTimeout(loop, 100); }

    function start() {
      running = true; startedAt = now(); shownPhase = -1;
      startButton.hidden = true; pauseButton.hidden = false; stopButton.hidden = false;
      pauseButton.textContent = said.pause;
      loop();
      pauseButton.focus();
    }

    function pause() {
      if (running) {
        elapsed = currentElapsed(); running = false; window.clearTimeout(timer);
        var frozen = window.getComputedStyle(circle).transform;
        circle.style.transitionDuration = "0s";
        circle.style.transform = frozen;
        pauseButton.textContent = said.resume;
        phaseText.textContent = said.paused;
        if (speak.checked) announce.textContent = said.paused;
      } else {
        circle.style.transform = "";
        running = true; startedAt = now(); shownPhase = -1;
        pauseButton.textContent = said.pause;
        loop();
      }
    }

    function reset(message) {
      running = false; window.clearTimeout(timer); elapsed = 0; shownPhase = -1;
      circle.className = "breath-circle"; circle.style.transform = ""; circle.style.transitionDuration = "";
      phaseText.textContent = message; countText.textContent = ""; timeText.textContent = "";
      if (speak.checked) announce.textContent = message;
      startButton.hidden = false; pauseButton.hidden = true; stopButton.hidden = true;
      startButton.textContent = said.again;
      startButton.focus();
    }

    function finish() { reset(said.done); }

    startButton.addEventListener("click", start);
    pauseButton.addEventListener("click", pause);
    stopButton.addEventListener("click", function () { reset(said.stopped); });
  }
})();
