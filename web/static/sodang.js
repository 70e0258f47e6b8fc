// Sổ Đảng: the pages work without this file; it only keeps a double click from
// sending a form twice (the server would refuse the second anyway, by the form's key).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-once")) return;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
  var submitter = event.submitter;
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      if (b === submitter) b.disabled = true;
    });
  }, 0);
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.dataset.sent = "";
    form.querySelectorAll("button[disabled]").forEach(function (b) { b.disabled = false; });
  });
});
