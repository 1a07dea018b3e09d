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
  var LIMIT = 10, MAX_FILES = 4;  /* results, and index files a query may fetch */

  /* The same steps as search.py: fold, drop stop words, stem (English's light stemmer; Spanish's below). */
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
  /* Spanish (search.py's STOP_WORDS_ES and stem_es, the same list and steps): function words, folded; Snowball's
     stemmer (stemmer-es.js, loaded before this file on a Spanish search page) sees the word as written, with an accent
     given back to an ending Spanish always writes with one, and its stem is folded. */
  var STOP_ES = new Set(("a al ante bajo con contra de del desde durante en entre hacia hasta para por segun sobre tras " +
    "el la lo los las un una unos unas y e o u ni pero sino que porque pues aunque si como cuando donde mientras " +
    "yo tu ella ello nosotros nosotras vosotros vosotras ellos ellas usted ustedes me te se nos os le les ti conmigo " +
    "contigo consigo mi mis tus su sus mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra " +
    "nuestros nuestras vuestro vuestra vuestros vuestras este esta estos estas ese esa esos esas eso esto aquel " +
    "aquella aquellos aquellas quien quienes cual cuales cuyo cuya cuanto cuanta cuantos cuantas " +
    "ser es son soy eres somos era eran fue fueron sea sean sido siendo estar estoy estan estamos estaba estaban " +
    "haber ha han he has hemos hay habia habian habido puede pueden puedo poder " +
    "muy mas ya tambien tan tanto asi aqui alli todo toda todos todas otro otra otros otras mismo misma mismos mismas " +
    "algo alguien algun alguna algunos algunas cada no").split(" "));
  var ACCENTS_ES = { cion: "ción", logia: "logía", logias: "logías" };
  function stemSpanish(raw) {
    var snowball = window.thawStemmers && window.thawStemmers.es;
    if (!snowball) throw new Error("stemmer-es.js is not loaded");
    var word = raw.toLowerCase().normalize("NFC").replace(/['\u2019]/g, "").replace(/(cion|logias?)$/, function (end) { return ACCENTS_ES[end]; });
    return fold(snowball(word));
  }
  function same(word) { return word; }
  /* A language's steps after folding: its stop words, its stemmer (given the word as written and folded), and the form
     a typed word is matched as a prefix and corrected in. */
  var ANALYZERS = {
    en: { stop: STOP, stem: function (raw, folded) { return stem(folded); }, typed: spelling },
    es: { stop: STOP_ES, stem: stemSpanish, typed: same }
  };
  function analyzerOf(language) { return ANALYZERS[language] || ANALYZERS.en; }
  function terms(text, analyzer) {
    var out = [];
    (text.normalize("NFC").match(WORD) || []).forEach(function (raw) {
      var folded = fold(raw);
      if (folded && !analyzer.stop.has(folded)) out.push({ term: analyzer.stem(raw, folded), typed: analyzer.typed(folded) });
    });
    return out;
  }
  /* The shard a word is in: the longest of its first two, one or no letters that has a file (search.py's shard_for). */
  function shardFor(meta, key) {
    var chars = Array.from(key);
    for (var end = Math.min(2, chars.length); end >= 0; end--) {
      var prefix = chars.slice(0, end).join("");
      if (meta.shards.indexOf(prefix) >= 0) return prefix;
    }
    return null;
  }
  function shardFile(prefix) {
    return "terms/" + (Array.from(prefix).map(function (c) {
      return /^[A-Za-z0-9]$/.test(c) ? c : "-" + c.codePointAt(0).toString(16);
    }).join("") || "-") + ".json";
  }
  window.thawSearchTerms = function (text, language) { return terms(text, analyzerOf(language)).map(function (t) { return t.term; }); };

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

  /* A posting's code is weight × 16 + heading + 1 (search.py's weigh). */
  function weightOf(code) { return code >> 4; }
  function headingOf(code) { return (code & 15) - 1; }

  /* For each query word: every page containing it with its best weight and the heading it is under (the last word
     also as a prefix), and its shard's file. */
  function postings(get, meta, word, prefix) {
    var shard = shardFor(meta, word.term);
    if (shard === null) return Promise.resolve({ found: new Map(), table: {}, pages: 0 });
    return get(shardFile(shard)).then(function (file) {
      var found = new Map(), table = file.t;
      Object.keys(table).forEach(function (term) {
        var exact = term === word.term;
        if (!exact && !(prefix && word.typed.length >= 2 && term.indexOf("+") < 0 && term.indexOf(word.typed) === 0)) return;
        var list = table[term], factor = exact ? 1 : 0.6;
        for (var i = 0; i < list.length; i += 2) {
          var weight = weightOf(list[i + 1]) * factor, had = found.get(list[i]);
          if (!had || had.weight < weight) found.set(list[i], { weight: weight, heading: headingOf(list[i + 1]) });
        }
      });
      var pages = file.n && file.n[word.term];  /* a very common word of a large site lists only its best pages */
      return { found: found, table: table, pages: Math.max(found.size, pages || 0) };
    });
  }

  /* BM25: each word's weight (length-normalised, with the title's boost, from search.py) times its rarity; neighbouring
     words found together in a title, summary, heading or search term add a phrase bonus; a page with every word
     (that the site has) counts half as much again; a tie goes to the page that comes first on the site. A page's
     excerpt is the heading under which its best-scoring word (of those under one) is, if that word counts. */
  function rank(meta, words, perWord) {
    var scores = new Map(), counts = new Map(), under = new Map(), strongest = new Map(), present = 0;
    var idf = perWord.map(function (hit) {
      var n = hit.pages;
      return Math.log(1 + meta.docs / Math.max(1, n));  /* gentler than BM25's: on a site about one subject, its words matter */
    });
    perWord.forEach(function (hit, i) {
      if (hit.found.size) present++;
      hit.found.forEach(function (posting, doc) {
        var score = posting.weight * idf[i];
        scores.set(doc, (scores.get(doc) || 0) + score);
        counts.set(doc, (counts.get(doc) || 0) + 1);
        var best = under.get(doc);
        if (posting.heading >= 0 && (!best || best.score < score)) under.set(doc, { score: score, heading: posting.heading });
        if (!(strongest.get(doc) >= score)) strongest.set(doc, score);
      });
    });
    for (var i = 0; i + 1 < words.length; i++) {
      var list = words[i].term.length >= 2 ? perWord[i].table[words[i].term + "+" + words[i + 1].term] : null;
      for (var j = 0; list && j < list.length; j += 2) {
        if (scores.has(list[j])) scores.set(list[j], scores.get(list[j]) + weightOf(list[j + 1]) * (idf[i] + idf[i + 1]));
      }
    }
    var complete = 0;
    if (present > 1) {
      counts.forEach(function (count, doc) {
        if (count === present) { scores.set(doc, scores.get(doc) * 1.5); complete++; }
      });
    }
    /* An excerpt only where it says something: its word weighs at least half as much as the page's strongest one. */
    under.forEach(function (place, doc) { if (place.score < strongest.get(doc) / 2) under.delete(doc); });
    var all = Array.from(scores.keys());
    all.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
    return { docs: all, under: under, partial: present < words.length || (present > 1 && complete === 0) };
  }

  /* The cards of the best pages: address, title and section from the page's own list of articles; the summary and the
     excerpt's heading from docs/<n>.json, for as many as the query's budget of files allows (all of them, on a site
     of up to DOCS_PER_CHUNK articles). */
  function cards(get, meta, site, ranked, asked) {
    var list = site.list, inline = site.details ? Promise.resolve(site.details) : null;  /* a small site's page has them */
    var docs = ranked.docs.slice(0, LIMIT);
    return Promise.all(docs.map(function (doc) {
      var item = list[doc] || ["", "", ""];
      var card = { url: item[0], title: item[1], section: item[2], summary: "", under: null };
      var chunk = "docs/" + Math.floor(doc / meta.chunk) + ".json";
      if (!inline && !asked.has(chunk) && asked.size >= MAX_FILES) return card;
      if (!inline) asked.add(chunk);
      return (inline || get(chunk)).then(function (details) {
        var mine = details[doc % meta.chunk] || ["", []], place = ranked.under.get(doc);
        card.summary = mine[0];
        if (place && mine[1][place.heading]) card.under = { id: mine[1][place.heading][0], text: mine[1][place.heading][1] };
        return card;
      }, function () { return card; });
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
  /* The site's word (as written) nearest to a word with no postings, from its shard's list of words; ties go to the
     word nearer the typed length, then the first in alphabetical order. Resolves to null when none is near enough. */
  function correct(get, meta, word) {
    var limit = allowed(word.typed), shard = shardFor(meta, word.typed);
    if (!limit || shard === null) return Promise.resolve(null);
    return get(shardFile(shard)).then(function (file) {
      var best = null, bestDistance = limit + 1;
      file.w.forEach(function (candidate) {
        var d = distance(word.typed, candidate, limit);
        var nearer = best !== null && Math.abs(candidate.length - word.typed.length) < Math.abs(best.length - word.typed.length);
        if (d < bestDistance || (d === bestDistance && nearer)) { best = candidate; bestDistance = d; }
      });
      return bestDistance <= limit ? best : null;
    });
  }

  /* The whole engine, without the page: `get(name)` fetches one index file as parsed JSON (a promise); `site` is what
     the search page carries: {meta: the index's shape, list: [[address, title, section], ...] in the index's order,
     details: on a small site, what docs/0.json would hold, else null}.
     Resolves to {found: cards of the best LIMIT, total, partial, corrected: the query as corrected, or null, words:
     the query's terms, for marking}; bench/search_eval.py runs this same code with node. */
  function search(query, get, typingLast, site) {
    var meta = site.meta, analyzer = analyzerOf(meta.language), words = terms(query, analyzer), asked = new Set();
    function ask(name) { asked.add(name); return get(name); }
    if (!words.length) return Promise.resolve({ found: [], total: 0, partial: false, corrected: null, words: [] });
    var lookups = words.map(function (word, i) { return postings(ask, meta, word, typingLast && i === words.length - 1); });
    return Promise.all(lookups).then(function (perWord) {
      var changed = false;
      return Promise.all(perWord.map(function (hit, i) {
        if (hit.found.size) return hit;
        return correct(ask, meta, words[i]).then(function (better) {
          if (!better) return hit;
          changed = true;
          words[i] = { term: analyzer.stem(better, better), typed: better, corrected: true };
          return postings(ask, meta, words[i], false);
        });
      })).then(function (perWord) {
        var ranked = rank(meta, words, perWord);
        return cards(get, meta, site, ranked, asked).then(function (found) {
          var corrected = changed && found.length ? words.map(function (word) { return word.typed; }).join(" ") : null;
          var prefix = typingLast && words.length ? words[words.length - 1].typed : null;
          return { found: found, total: ranked.docs.length, partial: ranked.partial, corrected: corrected,
                   words: words.map(function (word) { return word.term; }), prefix: prefix };
        });
      });
    });
  }
  window.thawSearch = search;

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search");
    if (!box) return;
    var base = box.getAttribute("data-index");
    var details = document.getElementById("search-details");
    var site = { meta: JSON.parse(box.getAttribute("data-meta")), list: [], details: details ? JSON.parse(details.textContent) : null };
    var analyzer = analyzerOf(site.meta.language);  /* "es" on a Spanish site; English's otherwise */
    /* Every article, in the index's order, from the list below (the page without JavaScript shows it). */
    document.querySelectorAll(".all-articles h3").forEach(function (heading) {
      var group = heading.nextElementSibling;
      (group ? group.querySelectorAll("a") : []).forEach(function (link) {
        site.list.push([link.getAttribute("href"), link.textContent, heading.textContent]);
      });
    });
    var form = box.querySelector(".search-form");
    var input = box.querySelector("#search-input");
    var crisis = box.querySelector(".search-crisis");
    var crisisNote = box.querySelector(".search-crisis-note");
    var listed = document.getElementById("crisis-phrases");
    var phrases = listed ? JSON.parse(listed.textContent) : [];
    var status = box.querySelector(".search-status");
    var list = box.querySelector(".search-results");
    var said = JSON.parse(box.getAttribute("data-messages"));  /* the page's words, in its language: %(name)s is filled in */
    function say(key, values) {
      return said[key].replace(/%\((\w+)\)s/g, function (whole, name) { return values && name in values ? String(values[name]) : whole; });
    }
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

    /* `text` into `into` as text nodes, with the words of the query (or starting with the word being typed) in <mark>. */
    function marked(into, text, wanted, prefix) {
      var at = 0;
      String(text).replace(WORD, function (raw, offset) {
        var folded = fold(raw);
        var hit = folded && !analyzer.stop.has(folded) && (wanted.indexOf(analyzer.stem(raw, folded)) >= 0 || (prefix && prefix.length >= 2 && analyzer.typed(folded).indexOf(prefix) === 0));
        if (!hit) return raw;
        if (offset > at) into.appendChild(document.createTextNode(text.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.textContent = raw;
        into.appendChild(mark);
        at = offset + raw.length;
        return raw;
      });
      if (at < text.length) into.appendChild(document.createTextNode(text.slice(at)));
      return into;
    }

    function show(result, query) {
      var found = result.found, total = result.total;
      list.textContent = "";
      found.forEach(function (card) {
        var item = document.createElement("li");
        item.className = "card";
        var link = document.createElement("a");
        link.href = card.url;
        item.appendChild(marked(link, card.title, result.words, result.prefix));
        if (card.section) {
          var section = document.createElement("span");
          section.className = "badge";
          section.textContent = card.section;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(section);
        }
        if (card.summary) item.appendChild(marked(document.createElement("p"), card.summary, result.words, result.prefix));
        if (card.under) {  /* the excerpt: the heading the words are under, linked to it */
          var under = document.createElement("p");
          under.className = "search-under";
          under.appendChild(document.createTextNode(say("under")));
          var to = document.createElement("a");
          to.href = card.url + "#" + encodeURIComponent(card.under.id);
          under.appendChild(marked(to, card.under.text, result.words, result.prefix));
          item.appendChild(under);
        }
        list.appendChild(item);
      });
      list.hidden = found.length === 0;
      var best = total > found.length, values = { query: query, count: found.length, total: total };
      status.textContent = !found.length ? say("none", values)
        : result.partial ? say(best ? "partialBest" : "partial", values)
        : total === 1 ? say("one", values) : say(best ? "manyBest" : "many", { query: query, count: best ? found.length : total, total: total });
      if (result.corrected && found.length) {  /* text nodes only: the words come from the index */
        var parts = say(best ? "correctedBest" : "corrected", values).split("%(corrected)s");
        status.textContent = parts[0];
        var fixed = document.createElement("i");
        fixed.textContent = result.corrected;
        status.appendChild(fixed);
        status.appendChild(document.createTextNode(parts.slice(1).join("")));
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
      if (!query || !terms(query, analyzer).length) { list.hidden = true; list.textContent = ""; status.textContent = query ? say("vague") : ""; return; }
      search(query, get, !/\s$/.test(input.value), site).then(function (result) {
        if (ticket === latest) show(result, query);
      }).catch(function () {
        if (ticket === latest) status.textContent = say("unavailable");
      });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
  });
})();
