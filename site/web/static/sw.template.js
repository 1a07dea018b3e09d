/* Thaw's offline copy. Registered only when the visitor taps "Keep the exercises available offline".
   Network first, so online visitors always see the current site; the cache answers only when offline. */
"use strict";
var VERSION = "__VERSION__";
var BASE = __BASE__;
var URLS = __URLS__;
var TWINS = __TWINS__;
var EDITIONS = __EDITIONS__;  // the translations' folders: a page of theirs falls back to their own Get help now
var CACHE = "thaw-" + VERSION;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(URLS); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("thaw-") === 0 && name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// A step after a numbered rating is kept as its twin without the rating (TWINS maps one path token to the other).
function twin(url) {
  var path = new URL(url).pathname;
  var match = path.match(/^(.*\/exercises\/[^/]+\/)([a-z]+)\/$/);
  return match && TWINS[match[2]] ? match[1] + TWINS[match[2]] + "/" : null;
}

function home(url) {
  var path = new URL(url).pathname;
  for (var i = 0; i < EDITIONS.length; i++) if (path.indexOf(EDITIONS[i]) === 0) return EDITIONS[i];
  return BASE;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).catch(function () {
    return caches.open(CACHE).then(function (cache) {
      return cache.match(request, { ignoreSearch: true }).then(function (hit) {
        if (hit) return hit;
        var other = twin(request.url);
        return (other ? cache.match(other) : Promise.resolve(undefined)).then(function (found) {
          return found || cache.match(home(request.url) + "help-now/") || Response.error();
        });
      });
    });
  }));
});
