// The sub-account form: choosing a position ticks exactly its default
// permissions (least privilege); the person can then untick or add.
(function () {
  var select = document.getElementById("position");
  if (!select) return;
  select.addEventListener("change", function () {
    var boxes = document.querySelectorAll('input[name="permissions"]');
    for (var i = 0; i < boxes.length; i++) {
      var positions = (boxes[i].getAttribute("data-positions") || "").split(" ");
      boxes[i].checked = positions.indexOf(select.value) >= 0;
    }
  });
})();
