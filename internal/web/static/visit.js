/* The visit form that works on a phone with a bad signal (templates/support_my.html).

   A visit is saved on the phone first (localStorage, one queue per user) with the key the
   form carries, then sent to POST /api/visits; it leaves the queue only when the server
   says it is stored (201) or was stored before (200), so a visit whose answer was lost is
   sent again and stored once. The queue is sent when the page opens, when the browser comes
   back online, and every few seconds while it is not empty. A visit the server refuses (a
   wrong date, a household outside the user's region) stays in the queue with the reason, for
   the user to correct or delete. Without script the form posts as a plain form. */
(function () {
  "use strict";
  var form = document.getElementById("vform");
  if (!form || !window.JSON || !window.localStorage || !window.fetch) { return; }
  var csrf = document.body.getAttribute("data-csrf") || "";
  var store = "gonggu.visits." + (form.getAttribute("data-user") || "");
  var box = document.getElementById("queue");
  var sheet = document.getElementById("sheet");
  var sending = false, lastSent = 0, note = "";

  function load() {
    try { return JSON.parse(localStorage.getItem(store) || "[]") || []; } catch (e) { return []; }
  }
  function save(q) {
    try { localStorage.setItem(store, JSON.stringify(q)); return true; } catch (e) { return false; }
  }
  function text(el, s) { el.textContent = s; }

  function show() {
    var q = load(), pending = 0, i;
    while (box.firstChild) { box.removeChild(box.firstChild); }
    for (i = 0; i < q.length; i++) { if (!q[i].error) { pending++; } }
    if (!q.length && !lastSent && !note) { box.hidden = true; return; }
    box.hidden = false;
    box.className = "queue" + (q.length ? "" : " sent");
    var p = document.createElement("p");
    p.id = "queue-status";
    if (pending) {
      text(p, "有 " + pending + " 条走访记录保存在本机，等待上传" + (navigator.onLine === false ? "（当前没有网络，联网后自动上传）" : "……") + (note ? note : ""));
    } else if (lastSent) {
      text(p, "已上传 " + lastSent + " 条走访记录。");
    } else {
      text(p, note);
    }
    p.setAttribute("data-pending", String(pending));
    box.appendChild(p);
    for (i = 0; i < q.length; i++) {
      if (!q[i].error) { continue; }
      var f = document.createElement("p");
      f.className = "failed";
      text(f, "户 " + q[i].data.household + " " + q[i].data.on + " 的走访未能保存：" + q[i].error + " ");
      var del = document.createElement("button");
      del.type = "button";
      del.className = "btn";
      del.setAttribute("data-key", q[i].data.key);
      text(del, "删除这条");
      del.addEventListener("click", drop);
      f.appendChild(del);
      box.appendChild(f);
    }
  }

  function drop(ev) {
    var key = ev.target.getAttribute("data-key");
    save(load().filter(function (it) { return it.data.key !== key; }));
    show();
  }

  function settle(key, fn) {
    var q = load();
    for (var i = 0; i < q.length; i++) {
      if (q[i].data.key === key) { fn(q, i); break; }
    }
    save(q);
  }

  // send sends the first visit of the queue that has not failed, then the next.
  function send() {
    if (sending) { return; }
    var q = load(), item = null, i;
    for (i = 0; i < q.length; i++) { if (!q[i].error) { item = q[i]; break; } }
    if (!item) { show(); return; }
    sending = true;
    var done = function () { sending = false; show(); };
    fetch("/api/visits", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(item.data)
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; }, function () { return { status: res.status, body: {} }; });
    }).then(function (r) {
      if (r.status === 200 || r.status === 201) {
        settle(item.data.key, function (q, i) { q.splice(i, 1); });
        lastSent++;
        note = "";
        mark(item.data.household, "已上传");
        sending = false;
        send();
        return;
      }
      if (r.status === 401) {
        note = "。登录已过期，请重新登录，记录会在登录后自动上传。";
      } else if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) {
        settle(item.data.key, function (q, i) { q[i].error = (r.body && r.body.error) || ("错误 " + r.status); });
      }
      done();
    }, function () { done(); });
  }

  function mark(no, what) {
    var cards = document.querySelectorAll(".vcard");
    for (var i = 0; i < cards.length; i++) {
      if (cards[i].getAttribute("data-no") === no) {
        var pill = cards[i].querySelector(".pill");
        if (pill) { pill.className = "pill ok"; text(pill, what); }
      }
    }
  }

  function newKey() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    var s = "p-";
    for (var i = 0; i < b.length; i++) { s += (b[i] + 256).toString(16).slice(1); }
    return s;
  }

  function value(name) {
    var els = form.elements[name];
    if (!els) { return ""; }
    if (els.length !== undefined && els.tagName !== "SELECT") {
      for (var i = 0; i < els.length; i++) { if (els[i].checked) { return els[i].value; } }
      return "";
    }
    return els.value || "";
  }

  // photo reads the chosen picture scaled down to 1024 pixels as a JPEG data URL.
  function photo(then) {
    var input = form.elements.photo_file;
    var file = input && input.files && input.files[0];
    if (!file || !window.FileReader) { then(""); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var img = new Image();
      img.onload = function () {
        var scale = Math.min(1, 1024 / Math.max(img.width, img.height));
        var c = document.createElement("canvas");
        c.width = Math.round(img.width * scale);
        c.height = Math.round(img.height * scale);
        c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
        then(c.toDataURL("image/jpeg", 0.6));
      };
      img.onerror = function () { then(""); };
      img.src = reader.result;
    };
    reader.onerror = function () { then(""); };
    reader.readAsDataURL(file);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = {};
    var names = ["key", "household", "cadre", "on", "way", "needs_met", "needs_note", "measures_done", "hardship",
      "hardship_note", "help_given", "policy_told", "knows_cadre", "knows_team", "notes"];
    for (var i = 0; i < names.length; i++) { data[names[i]] = value(names[i]); }
    if (!data.household) { return; }
    var btn = form.querySelector("button[type=submit]");
    btn.disabled = true;
    photo(function (url) {
      data.photo = url;
      var q = load().filter(function (it) { return it.data.key !== data.key; });
      q.push({ data: data, at: Date.now() });
      if (!save(q)) {
        data.photo = "";
        q[q.length - 1] = { data: data, at: Date.now() };
        if (!save(q)) { btn.disabled = false; alert("手机存储空间不足，无法保存"); return; }
      }
      mark(data.household, "已记录，待上传");
      form.elements.key.value = newKey();
      btn.disabled = false;
      if (sheet && document.getElementById("my-households")) {
        sheet.className = "panel sheet";
        form.reset();
      } else {
        form.reset();
      }
      lastSent = 0;
      show();
      send();
      window.scrollTo(0, 0);
    });
  });

  function open(ev) {
    ev.preventDefault();
    var a = ev.currentTarget;
    form.reset();
    form.elements.household.value = a.getAttribute("data-no");
    form.elements.key.value = newKey();
    text(document.getElementById("sheet-head"), a.getAttribute("data-head") + "（" + a.getAttribute("data-no") + "）");
    sheet.className = "panel sheet open";
    sheet.scrollIntoView();
  }
  var links = document.querySelectorAll(".js-visit");
  for (var i = 0; i < links.length; i++) { links[i].addEventListener("click", open); }
  var cancel = document.querySelector(".js-cancel");
  if (cancel) { cancel.addEventListener("click", function () { sheet.className = "panel sheet"; }); }

  window.addEventListener("online", send);
  window.addEventListener("offline", show);
  setInterval(function () { if (load().length) { send(); } }, 4000);
  show();
  send();
})();
