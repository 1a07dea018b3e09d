/* Search with Pagefind's index, built after freezing and served by the site itself.
   Without JavaScript the page lists every article instead. Queries never leave the browser. */
(function () {
  "use strict";
  var CRISIS = /\b(suicid\w*|kill (my ?self|me)|end(ing)? (my|it all|my life)|self[- ]?harm\w*|hurt(ing)? my ?self|crisis|want to die|overdose|cutting)\b/i;

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search");
    if (!box) return;
    var form = box.querySelector(".search-form");
    var input = box.querySelector("#search-input");
    var crisis = box.querySelector(".search-crisis");
    var status = box.querySelector(".search-status");
    var list = box.querySelector(".search-results");
    var pagefind = null, latest = 0;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); input.dispatchEvent(new Event("input")); });

    function load() {
      if (!pagefind) {
        pagefind = import(box.getAttribute("data-pagefind")).then(function (module) {
          return module.options({ baseUrl: box.getAttribute("data-base") }).then(function () { return module; });
        });
      }
      return pagefind;
    }

    function show(results, query) {
      list.textContent = "";
      results.forEach(function (data) {
        var item = document.createElement("li");
        item.className = "card";
        var link = document.createElement("a");
        link.href = data.url;
        link.textContent = (data.meta && data.meta.title) || data.url;
        var excerpt = document.createElement("p");
        excerpt.textContent = data.excerpt.replace(/<[^>]*>/g, "");
        item.appendChild(link);
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      status.textContent = results.length ? results.length + " result" + (results.length === 1 ? "" : "s") + " for \u201c" + query + "\u201d" : "No results for \u201c" + query + "\u201d. The list of all articles is below.";
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      var ticket = ++latest;
      crisis.hidden = !CRISIS.test(query);
      if (!query) { list.hidden = true; list.textContent = ""; status.textContent = ""; return; }
      load().then(function (module) { return module.search(query); }).then(function (search) {
        return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }));
      }).then(function (results) {
        if (ticket === latest) show(results, query);
      }).catch(function () {
        if (ticket === latest) status.textContent = "Search is not available here. The list of all articles is below.";
      });
    });
  });
})();
