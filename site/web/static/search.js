/* Search with the site's own index (search.py writes it as small JSON files beside the pages).
   Without JavaScript the page lists every article instead. Queries never leave the browser:
   only index files from this site are fetched, and only the ones the query's words need.
   Crisis help comes first when the query holds a phrase of the page's list (site/config/data/crisis_phrases.toml). */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;
  var STOP = new Set(("cant dont doesnt didnt im ive isnt arent wasnt werent wont wouldnt couldnt shouldnt youre theyre thats " +
    "a about after all also am an and any are as at be because been but by can could did do does for from had has have " +
    "he her him his how i if in into is it its just me more most my no not of on once only or other our out over own " +
    "she so some such than that the their them then there these they this those through to too under until up very " +
    "was we were what when where which while who why will with would you your").split(" "));
  var LIMIT = 10;

  /* The same steps as search.py: fold, drop stop words, stem. */
  function fold(word) {
    return word.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").replace(/['\u2019]/g, "");
  }
  function undouble(word) {
    var last = word.charAt(word.length - 1);
    return word.length > 2 && last === word.charAt(word.length - 2) && "lszaeiou".indexOf(last) < 0 ? word.slice(0, -1) : word;
  }
  /* British spellings become American ones before stemming (the same lists and rules as search.py). */
  var NOT_ISE = new Set(("advise arise chastise circumcise comprise compromise concise despise devise disguise enterprise excise exercise " +
    "expertise franchise improvise incise likewise merchandise otherwise paradise porpoise praise precise premise " +
    "promise reprise revise supervise surmise surprise televise tortoise treatise").split(" "));
  var NOT_OUR = new Set("contour detour devour velour paramour troubadour".split(" "));
  var SPELLING_RULES = [
    [/^(.{3,})is(e|ed|es|ing|er|ers|ation|ations)$/, function (m) { return NOT_ISE.has(m[1] + "ise") ? null : m[1] + "iz" + m[2]; }],
    [/^(.{3,})ys(e|ed|es|ing|er|ers)$/, function (m) { return m[1] + "yz" + m[2]; }],
    [/^(.{3,})our(|s|ed|ing|al|ally|ite|ites|ful|less|able|er|ers|ist|ists|hood|hoods)$/, function (m) { return NOT_OUR.has(m[1] + "our") ? null : m[1] + "or" + m[2]; }],
    [/^(.{2,}[tb])r(e|es|ed|ing)$/, function (m) { return m[1] + "er" + { e: "", es: "s", ed: "ed", ing: "ing" }[m[2]]; }],
    [/^(.{2,}l)ogue(|s|d)$/, function (m) { return m[1] + "og" + { "": "", s: "s", d: "ed" }[m[2]]; }],
    [/^(.{3,}[^aeiou])ell(ed|ing|er|ers|or|ors)$/, function (m) { return m[1] + "el" + m[2]; }],
    [/^(paed|orthopaed|haem|anaem|anaes|leukaem|oestr|oesoph|oed|foet|gynaec)/, function (m) { return m[1].replace("ae", "e").replace("oe", "e") + m.input.slice(m[0].length); }]
  ];
  var IRREGULAR = new Map(Object.entries({
    practise: "practice", practised: "practiced", practising: "practicing", practises: "practices",
    licence: "license", defence: "defense", offence: "offense", pretence: "pretense", licences: "licenses",
    offences: "offenses", judgement: "judgment", judgements: "judgments", ageing: "aging",
    programme: "program", programmes: "programs", grey: "gray", mum: "mom", mums: "moms", mummy: "mommy",
    fulfil: "fulfill", fulfilment: "fulfillment", enrol: "enroll", enrolment: "enrollment",
    skilful: "skillful", wilful: "willful", sceptical: "skeptical", sceptic: "skeptic",
    diarrhoea: "diarrhea", apnoea: "apnea", dyspnoea: "dyspnea", whilst: "while", amongst: "among",
    learnt: "learned", burnt: "burned", dreamt: "dreamed", spelt: "spelled", felt: "feel", slept: "sleep",
    children: "child", women: "woman", men: "man", feet: "foot", teeth: "tooth"
  }));
  var JOINED = new Map(Object.entries({
    griev: "grief", grieve: "grief", anxious: "anxiety", depression: "depress", depressive: "depress",
    traumatiz: "trauma", traumatic: "trauma"
  }));
  function spelling(word) {
    if (IRREGULAR.has(word)) return IRREGULAR.get(word);
    for (var i = 0; i < SPELLING_RULES.length; i++) {
      var match = SPELLING_RULES[i][0].exec(word);
      if (match) {
        var changed = SPELLING_RULES[i][1](match);
        if (changed) return changed;
      }
    }
    return word;
  }
  function stem(word) {
    if (word.length <= 3) return IRREGULAR.has(word) ? IRREGULAR.get(word) : word;
    word = spelling(word);
    if (/ies$/.test(word) && word.length > 4) word = word.slice(0, -3) + "y";
    else if (/sses$/.test(word)) word = word.slice(0, -2);
    else if (/s$/.test(word) && !/(ss|us|is)$/.test(word)) word = word.slice(0, -1);
    if (/ing$/.test(word) && word.length > 5) word = undouble(word.slice(0, -3));
    else if (/ed$/.test(word) && word.length > 4) word = undouble(word.slice(0, -2));
    if (/ness$/.test(word) && word.length > 6) {
      word = word.slice(0, -4);
      if (/i$/.test(word)) word = word.slice(0, -1) + "y";
    }
    if (/(ional|ioral)$/.test(word) && word.length > 7) word = word.slice(0, -2);
    else if (/(ionally|iorally)$/.test(word) && word.length > 9) word = word.slice(0, -4);
    if (/ization$/.test(word) && word.length > 9) word = word.slice(0, -5);
    else if (/(ation|ative)$/.test(word) && word.length > 7) word = word.slice(0, -3);
    else if (/(ate|ize)$/.test(word) && word.length > 5) word = word.slice(0, -1);
    return JOINED.has(word) ? JOINED.get(word) : word;
  }
  function terms(text) {
    var out = [];
    (text.normalize("NFC").match(WORD) || []).forEach(function (raw) {
      var folded = fold(raw);
      if (folded && !STOP.has(folded)) out.push({ term: stem(folded), typed: spelling(folded) });
    });
    return out;
  }
  function shardOf(term) {
    return Array.from(term).slice(0, 2).map(function (c) {
      return /^[a-z0-9]$/.test(c) ? c : "_" + c.codePointAt(0).toString(16);
    }).join("");
  }
  window.thawSearchTerms = function (text) { return terms(text).map(function (t) { return t.term; }); };

  /* The same rule as config/crisisphrases.py: lower-case, apostrophes deleted, anything else that is not a letter or digit
     a space; a phrase matches whole consecutive words of the query, and a trailing * the start of a word. */
  var APOSTROPHES = /['\u2018\u2019\u201b\u02bc\uff07`\u00b4]/g;
  function normalise(text) {
    return String(text).normalize("NFC").toLowerCase().replace(APOSTROPHES, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function mentions(text, phrases) {
    var words = normalise(text).split(" ").filter(Boolean);
    return phrases.some(function (phrase) {
      var prefix = phrase.charAt(phrase.length - 1) === "*";
      var wanted = (prefix ? phrase.slice(0, -1) : phrase).split(" "), last = wanted.length - 1;
      for (var start = 0; start + last < words.length; start++) {
        var same = true;
        for (var i = 0; i < last && same; i++) same = words[start + i] === wanted[i];
        var word = words[start + last];
        if (same && (prefix ? word.indexOf(wanted[last]) === 0 : word === wanted[last])) return true;
      }
      return false;
    });
  }
  window.thawCrisis = { normalise: normalise, mentions: mentions };

  /* For each query word, the best weight of every page containing it (the last word also as a prefix), and its shard. */
  function postings(get, meta, word, prefix) {
    var shard = shardOf(word.term);
    if (meta.shards.indexOf(shard) < 0) return Promise.resolve({ found: new Map(), table: {} });
    return get("terms/" + shard + ".json").then(function (table) {
      var found = new Map();
      Object.keys(table).forEach(function (term) {
        var exact = term === word.term;
        if (!exact && !(prefix && word.typed.length >= 2 && term.indexOf("+") < 0 && term.indexOf(word.typed) === 0)) return;
        var list = table[term], factor = exact ? 1 : 0.6;
        for (var i = 0; i < list.length; i += 2) {
          var weight = list[i + 1] * factor;
          if (!(found.get(list[i]) >= weight)) found.set(list[i], weight);
        }
      });
      return { found: found, table: table };
    });
  }

  /* BM25: each word's weight (length-normalised, with the title's boost, from search.py) times its rarity; neighbouring
     words found together in a title, summary, heading or search term add a phrase bonus; a page with every word
     (that the site has) counts half as much again; a tie goes to the page that comes first on the site. */
  function rank(meta, words, perWord) {
    var scores = new Map(), counts = new Map(), present = 0;
    var idf = perWord.map(function (hit) {
      var n = hit.found.size;
      return Math.log(1 + meta.docs / Math.max(1, n));  /* gentler than BM25's: on a site about one subject, its words matter */
    });
    perWord.forEach(function (hit, i) {
      if (hit.found.size) present++;
      hit.found.forEach(function (weight, doc) {
        scores.set(doc, (scores.get(doc) || 0) + weight * idf[i]);
        counts.set(doc, (counts.get(doc) || 0) + 1);
      });
    });
    for (var i = 0; i + 1 < words.length; i++) {
      var list = words[i].term.length >= 2 ? perWord[i].table[words[i].term + "+" + words[i + 1].term] : null;
      for (var j = 0; list && j < list.length; j += 2) {
        if (scores.has(list[j])) scores.set(list[j], scores.get(list[j]) + list[j + 1] * (idf[i] + idf[i + 1]));
      }
    }
    var complete = 0;
    if (present > 1) {
      counts.forEach(function (count, doc) {
        if (count === present) { scores.set(doc, scores.get(doc) * 1.5); complete++; }
      });
    }
    var all = Array.from(scores.keys());
    all.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
    return { docs: all, partial: present < words.length || (present > 1 && complete === 0) };
  }

  function cards(get, meta, docs) {
    return Promise.all(docs.map(function (doc) {
      return get("docs/" + Math.floor(doc / meta.chunk) + ".json").then(function (chunk) { return chunk[doc % meta.chunk]; });
    }));
  }

  /* Edits between two words (insert, delete, change, swap two neighbours), or limit + 1 once it is over limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null, prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var best = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (before && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) best = Math.min(best, before[j - 2] + 1);
        row.push(best);
        least = Math.min(least, best);
      }
      if (least > limit) return limit + 1;
      before = prev;
      prev = row;
    }
    return prev[b.length];
  }
  /* How many edits a word of this length may be away from the word meant: none under 4 letters, 1 up to 7, then 2. */
  function allowed(word) {
    return word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
  }
  /* The site's word (as written) nearest to a word with no postings, from words/<its first two letters>.json; ties go to
     the word nearer the typed length, then the first in alphabetical order. Resolves to null when none is near enough. */
  function correct(get, meta, word) {
    var limit = allowed(word.typed), shard = shardOf(word.typed);
    if (!limit || !meta.words || meta.words.indexOf(shard) < 0) return Promise.resolve(null);
    return get("words/" + shard + ".json").then(function (known) {
      var best = null, bestDistance = limit + 1;
      known.forEach(function (candidate) {
        var d = distance(word.typed, candidate, limit);
        var nearer = best !== null && Math.abs(candidate.length - word.typed.length) < Math.abs(best.length - word.typed.length);
        if (d < bestDistance || (d === bestDistance && nearer)) { best = candidate; bestDistance = d; }
      });
      return bestDistance <= limit ? best : null;
    });
  }

  /* The whole engine, without the page: `get(name)` fetches one index file as parsed JSON (a promise).
     Resolves to {found: cards of the best LIMIT, total, partial, corrected: the query as corrected, or null};
     bench/search_eval.py runs this same code with node. */
  function search(query, get, typingLast) {
    var words = terms(query);
    if (!words.length) return Promise.resolve({ found: [], total: 0, partial: false, corrected: null });
    return get("index.json").then(function (meta) {
      var lookups = words.map(function (word, i) { return postings(get, meta, word, typingLast && i === words.length - 1); });
      return Promise.all(lookups).then(function (perWord) {
        var changed = false;
        return Promise.all(perWord.map(function (hit, i) {
          if (hit.found.size) return hit;
          return correct(get, meta, words[i]).then(function (better) {
            if (!better) return hit;
            changed = true;
            words[i] = { term: stem(better), typed: better, corrected: true };
            return postings(get, meta, words[i], false);
          });
        })).then(function (perWord) {
          var ranked = rank(meta, words, perWord);
          return cards(get, meta, ranked.docs.slice(0, LIMIT)).then(function (found) {
            var corrected = changed && found.length ? words.map(function (word) { return word.typed; }).join(" ") : null;
            return { found: found, total: ranked.docs.length, partial: ranked.partial, corrected: corrected };
          });
        });
      });
    });
  }
  window.thawSearch = search;

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search");
    if (!box) return;
    var base = box.getAttribute("data-index");
    var form = box.querySelector(".search-form");
    var input = box.querySelector("#search-input");
    var crisis = box.querySelector(".search-crisis");
    var crisisNote = box.querySelector(".search-crisis-note");
    var listed = document.getElementById("crisis-phrases");
    var phrases = listed ? JSON.parse(listed.textContent) : [];
    var status = box.querySelector(".search-status");
    var list = box.querySelector(".search-results");
    var files = new Map(), latest = 0, timer = 0;
    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

    function get(name) {
      if (!files.has(name)) {
        files.set(name, fetch(base + name).then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        }));
      }
      return files.get(name);
    }

    function show(found, total, partial, query, corrected) {
      list.textContent = "";
      found.forEach(function (doc) {
        var item = document.createElement("li");
        item.className = "card";
        var link = document.createElement("a");
        link.href = doc[0];
        link.textContent = doc[1];
        var summary = document.createElement("p");
        summary.textContent = doc[2];
        item.appendChild(link);
        if (doc[3]) {
          var section = document.createElement("span");
          section.className = "badge";
          section.textContent = doc[3];
          item.appendChild(document.createTextNode(" "));
          item.appendChild(section);
        }
        item.appendChild(summary);
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
      var shown = total > found.length ? " (the best " + found.length + " shown)" : "";
      status.textContent = !found.length ? "No results for \u201c" + query + "\u201d. The list of all articles is below."
        : (partial ? "No page has all of those words. Pages with some of them" : total + " result" + (total === 1 ? "" : "s")) + " for \u201c" + query + "\u201d" + shown + ".";
      if (corrected && found.length) {  /* text nodes only: the words come from the index */
        status.textContent = "Showing results for ";
        var said = document.createElement("i");
        said.textContent = corrected;
        status.appendChild(said);
        status.appendChild(document.createTextNode(". No page has \u201c" + query + "\u201d." + (shown ? " The best " + found.length + " are shown." : "")));
      }
    }

    function run() {
      var query = input.value.trim();
      var ticket = ++latest;
      var help = mentions(query, phrases);
      if (help === crisis.hidden) {  /* it appears or goes: announce each appearance once, not on every key */
        crisis.hidden = !help;
        crisisNote.textContent = help ? crisisNote.getAttribute("data-announce") : "";
      }
      if (!query || !terms(query).length) { list.hidden = true; list.textContent = ""; status.textContent = query ? "Try a more specific word." : ""; return; }
      search(query, get, !/\s$/.test(input.value)).then(function (result) {
        if (ticket === latest) show(result.found, result.total, result.partial, query, result.corrected);
      }).catch(function () {
        if (ticket === latest) status.textContent = "Search is not available here. The list of all articles is below.";
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
  });
})();
