// The content editor's enhancements over its plain forms (editor.html works
// without them): a preview that follows the typing; the details form saved
// in the background, files dropped or chosen uploading with a progress bar;
// images reordered (buttons or drag) and removed; an outfit's hotspots
// placed by clicking its image. Every save goes through the same form post
// as without script, so the server keeps one path; the text shown comes
// from the page's data attributes (no message is written here).
(function () {
  "use strict";
  var editor = document.getElementById("editor");
  var details = document.getElementById("details");
  if (!editor) { return; }

  // Preview: the title and body as readers will see them.
  var title = document.getElementById("title");
  var body = document.getElementById("body");
  var previewTitle = document.getElementById("preview-title");
  var previewBody = document.getElementById("preview-body");
  function preview() {
    previewTitle.textContent = title.value.trim() || previewTitle.dataset.empty;
    previewBody.textContent = body.value;
  }
  title.addEventListener("input", preview);
  body.addEventListener("input", preview);
  preview();

  if (!details) { return; }
  var drop = document.getElementById("dropzone");
  var files = document.getElementById("files");
  var bar = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");

  function say(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  // save posts the details form as it stands (the media list in its order,
  // chosen files, category and products) with upload progress; the answer
  // is the editor page, from which the new version and media list are taken.
  function save() {
    var xhr = new XMLHttpRequest();
    var uploading = files && files.files.length > 0;
    xhr.open("POST", details.action);
    if (uploading) {
      bar.value = 0;
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (ev) {
        if (!ev.lengthComputable) { return; }
        bar.value = Math.round(ev.loaded * 100 / ev.total);
        say(drop.dataset.uploading.replace("{n}", String(bar.value)), "uploading");
      });
    }
    say(drop.dataset.saving, "saving");
    xhr.addEventListener("load", function () {
      bar.hidden = true;
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      if (xhr.status !== 200 || !/[?&]done=saved/.test(xhr.responseURL)) {
        var why = doc.querySelector("#details .field-error, #mount-refusal, .alert");
        say(drop.dataset.failed.replace("{reason}", why ? why.textContent.trim() : String(xhr.status)), "failed");
        return;
      }
      // An outfit's first image brings the hotspot editor, drawn by the
      // page: it is loaded again (the text is kept by autosave).
      if (doc.getElementById("hotspot-editor") && !document.getElementById("hotspot-editor")) {
        window.location.reload();
        return;
      }
      var fresh = doc.getElementById("editor");
      if (fresh) {
        editor.dataset.version = fresh.dataset.version;
        document.getElementById("details-version").value = fresh.dataset.version;
      }
      var list = doc.getElementById("media-list") || doc.getElementById("media-empty");
      var old = document.getElementById("media-list") || document.getElementById("media-empty");
      if (list && old) {
        old.replaceWith(document.importNode(list, true));
        enhance();
      }
      var stage = doc.getElementById("hotspot-image");
      if (stage && document.getElementById("hotspot-image")) {
        document.getElementById("hotspot-image").src = stage.getAttribute("src");
      }
      if (files) { files.value = ""; }
      say(drop.dataset.saved, "saved");
    });
    xhr.addEventListener("error", function () {
      bar.hidden = true;
      say(drop.dataset.failed.replace("{reason}", "network"), "failed");
    });
    xhr.send(new FormData(details));
  }

  // The media list: the Keep boxes give way to move and remove buttons,
  // and each item can be dragged to its place; every change is saved.
  var dragged = null;
  function enhance() {
    var list = document.getElementById("media-list");
    if (!list) { return; }
    list.querySelectorAll(".media-item").forEach(function (li) {
      li.querySelector(".media-tools").hidden = false;
      li.querySelector("label.check").hidden = true;
      li.draggable = true;
    });
  }
  if (drop) {
    details.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest(".media-tools button");
      if (!b) { return; }
      var li = b.closest(".media-item");
      if (b.classList.contains("move-earlier") && li.previousElementSibling) {
        li.parentNode.insertBefore(li, li.previousElementSibling);
      } else if (b.classList.contains("move-later") && li.nextElementSibling) {
        li.parentNode.insertBefore(li.nextElementSibling, li);
      } else if (b.classList.contains("remove")) {
        li.remove();
      } else {
        return;
      }
      save();
    });
    details.addEventListener("dragstart", function (ev) {
      var li = ev.target.closest && ev.target.closest(".media-item");
      if (li) { dragged = li; ev.dataTransfer.effectAllowed = "move"; }
    });
    details.addEventListener("dragend", function () { dragged = null; });
    // Dragging over the list moves the dragged item; dragging files over
    // the drop zone highlights it, and dropping them uploads them.
    details.addEventListener("dragover", function (ev) {
      var over = ev.target.closest && ev.target.closest(".media-item");
      if (dragged && over && over !== dragged) {
        ev.preventDefault();
        var after = ev.clientX > over.getBoundingClientRect().left + over.offsetWidth / 2;
        over.parentNode.insertBefore(dragged, after ? over.nextSibling : over);
      } else if (!dragged && ev.target.closest && ev.target.closest("#dropzone")) {
        ev.preventDefault();
        drop.classList.add("over");
      }
    });
    details.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    details.addEventListener("drop", function (ev) {
      drop.classList.remove("over");
      if (dragged) {
        ev.preventDefault();
        dragged = null;
        save();
        return;
      }
      if (ev.target.closest && ev.target.closest("#dropzone") && ev.dataTransfer.files.length) {
        ev.preventDefault();
        files.files = ev.dataTransfer.files;
        save();
      }
    });
    files.addEventListener("change", function () { if (files.files.length) { save(); } });
    enhance();
  }

  // Hotspots: the products textarea ("id | x | y" a line) stays the form's
  // field; a click on the image adds a hotspot there, or moves the one whose
  // Place button was pressed, and the textarea is written from the list.
  var hs = document.getElementById("hotspot-editor");
  var area = document.getElementById("products");
  if (!hs || !area) { return; }
  var spots = [];
  var ok = area.value.split("\n").every(function (line) {
    if (!line.trim()) { return true; }
    var p = line.split("|").map(function (s) { return s.trim(); });
    if (p.length !== 3 || !/^\d+$/.test(p[1]) || !/^\d+$/.test(p[2])) { return false; }
    spots.push({ id: p[0], x: Number(p[1]), y: Number(p[2]) });
    return true;
  });
  if (!ok) { return; }
  var stage = document.getElementById("hotspot-stage");
  var image = document.getElementById("hotspot-image");
  var list = document.getElementById("hotspot-list");
  var placing = -1;
  hs.hidden = false;
  area.hidden = true;
  var typed = document.getElementById("products-hint");
  if (typed) { typed.hidden = true; }

  function write() {
    area.value = spots.map(function (s) { return s.id + " | " + s.x + " | " + s.y; }).join("\n");
  }
  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = cls;
    b.textContent = text;
    return b;
  }
  function draw() {
    list.textContent = "";
    stage.querySelectorAll(".hotspot-marker").forEach(function (m) { m.remove(); });
    spots.forEach(function (s, i) {
      var n = String(i + 1);
      var marker = document.createElement("span");
      marker.className = "hotspot-marker" + (i === placing ? " placing" : "");
      marker.textContent = n;
      marker.setAttribute("aria-hidden", "true");
      marker.style.left = (s.x / 10) + "%";
      marker.style.top = (s.y / 10) + "%";
      stage.appendChild(marker);

      var li = document.createElement("li");
      li.className = "hotspot" + (i === placing ? " placing" : "");
      var label = document.createElement("label");
      label.htmlFor = "hotspot-" + n;
      label.textContent = hs.dataset.product + " " + n;
      var input = document.createElement("input");
      input.id = "hotspot-" + n;
      input.type = "text";
      input.value = s.id;
      input.autocomplete = "off";
      input.addEventListener("input", function () { s.id = input.value.trim(); write(); });
      var where = document.createElement("span");
      where.className = "hint hotspot-where";
      where.textContent = i === placing ? hs.dataset.placing :
        hs.dataset.across.replace("{x}", String(s.x / 10)).replace("{y}", String(s.y / 10));
      var place = button(hs.dataset.place, "place");
      place.setAttribute("aria-pressed", i === placing ? "true" : "false");
      place.addEventListener("click", function () { placing = placing === i ? -1 : i; draw(); });
      var remove = button(hs.dataset.remove, "remove danger");
      remove.addEventListener("click", function () { spots.splice(i, 1); placing = -1; write(); draw(); });
      li.append(label, input, where, place, remove);
      list.appendChild(li);
    });
  }
  image.addEventListener("click", function (ev) {
    var r = image.getBoundingClientRect();
    var x = Math.max(0, Math.min(1000, Math.round((ev.clientX - r.left) * 1000 / r.width)));
    var y = Math.max(0, Math.min(1000, Math.round((ev.clientY - r.top) * 1000 / r.height)));
    var focus = placing;
    if (placing >= 0) {
      spots[placing].x = x;
      spots[placing].y = y;
      placing = -1;
    } else {
      spots.push({ id: "", x: x, y: y });
      focus = spots.length - 1;
    }
    write();
    draw();
    document.getElementById("hotspot-" + (focus + 1)).focus();
  });
  draw();
})();
