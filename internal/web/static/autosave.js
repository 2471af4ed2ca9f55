// Autosave for the content editor (SPEC §5.2: drafts are never lost).
// Every change is kept in localStorage at once and sent to the API a moment
// after typing stops; a failed send is retried with backoff and again when
// the browser comes back online, so a network loss costs nothing. A save
// made on an outdated version answers 409: both texts are shown and kept.
// The version saved last lives in the form's data-version, which the
// details form's saves (editor.js) move on too; the status line always says
// whether the text is saved, waiting, being sent or kept offline.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) { return; }
  var id = form.dataset.id;
  var version = parseInt(form.dataset.version, 10);
  var title = document.getElementById("title");
  var body = document.getElementById("body");
  var status = document.getElementById("save-status");
  var key = "helio.draft." + id;
  var debounceMs = 1500;
  var timer = null;
  var inflight = false;
  var again = false;
  var retryMs = 1000;
  var blocked = false;
  var submitAfterSave = false;
  var submitForm = document.getElementById("submit-form");

  function text() { return { title: title.value, body: body.value }; }
  function show(kind, time) {
    var msg = status.dataset[kind] || "";
    status.textContent = time ? msg.replace("{time}", time) : msg;
    status.dataset.state = kind;
  }
  function backup() {
    var t = text();
    t.version = version;
    localStorage.setItem(key, JSON.stringify(t));
  }
  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(save, ms);
  }
  function changed() {
    backup();
    if (!blocked) {
      show("pending");
      schedule(debounceMs);
    }
  }

  function save() {
    if (blocked) { return; }
    if (inflight) { again = true; return; }
    version = parseInt(form.dataset.version, 10);
    var sent = text();
    inflight = true;
    show("saving");
    fetch("/api/v1/contents/" + encodeURIComponent(id), {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ version: version, title: sent.title, body: sent.body })
    }).then(function (resp) {
      return resp.json().then(function (data) { return { status: resp.status, data: data }; });
    }).then(function (r) {
      inflight = false;
      if (r.status === 200) {
        version = r.data.version;
        form.dataset.version = version;
        var details = document.getElementById("details-version");
        if (details) { details.value = version; }
        retryMs = 1000;
        var now = text();
        if (now.title === sent.title && now.body === sent.body) {
          localStorage.removeItem(key);
        } else {
          backup();
        }
        show("saved", new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }));
        if (submitAfterSave && !localStorage.getItem(key)) { submitForm.submit(); return; }
      } else if (r.status === 409) {
        conflict(r.data.error.current, sent);
        return;
      } else if (r.status >= 500 || r.status === 429) {
        retry();
        return;
      } else {
        status.textContent = r.data.error ? r.data.error.message : String(r.status);
        status.dataset.state = "error";
      }
      if (again) { again = false; save(); }
    }).catch(function () {
      inflight = false;
      retry();
    });
  }

  function retry() {
    show("offline");
    schedule(retryMs);
    retryMs = Math.min(retryMs * 2, 15000);
  }

  function conflict(theirs, mine) {
    blocked = true;
    show("conflict");
    var panel = document.getElementById("conflict");
    document.getElementById("conflict-theirs").textContent = theirs.title + "\n\n" + theirs.body;
    document.getElementById("conflict-mine").textContent = mine.title + "\n\n" + mine.body;
    panel.hidden = false;
    document.getElementById("use-theirs").onclick = function () {
      title.value = theirs.title;
      body.value = theirs.body;
      resolve(theirs.version, panel);
    };
    document.getElementById("use-mine").onclick = function () {
      title.value = mine.title;
      body.value = mine.body;
      resolve(theirs.version, panel);
      save();
    };
  }

  function resolve(v, panel) {
    version = v;
    form.dataset.version = v;
    var details = document.getElementById("details-version");
    if (details) { details.value = v; }
    blocked = false;
    panel.hidden = true;
    backup();
    localStorage.removeItem(key);
  }

  // Text left unsent by an earlier visit (a crash, a closed tab, a lost
  // network) comes back into the editor and is sent again.
  var kept = localStorage.getItem(key);
  if (kept) {
    try {
      var k = JSON.parse(kept);
      if (k.title !== title.value || k.body !== body.value) {
        title.value = k.title;
        body.value = k.body;
        version = k.version;
        form.dataset.version = version;
        schedule(0);
      } else {
        localStorage.removeItem(key);
      }
    } catch (e) {
      localStorage.removeItem(key);
    }
  }

  // The editor form is saved as one types, never submitted (the
  // Content-Security-Policy allows no inline handler to say so).
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  title.addEventListener("input", changed);
  body.addEventListener("input", changed);
  window.addEventListener("online", function () { if (localStorage.getItem(key)) { schedule(0); } });
  // Submitting sends unsaved text first, so what is reviewed is what was typed.
  submitForm.addEventListener("submit", function (ev) {
    if (localStorage.getItem(key)) {
      ev.preventDefault();
      submitAfterSave = true;
      clearTimeout(timer);
      save();
    }
  });
})();
