// What the pages do with script, kept out of the pages: the Content-Security-Policy allows no inline script.
//   data-autosubmit on a select: choosing submits its form (the site pickers);
//   data-print on a button: prints the page;
//   data-confirm on a form: asks before submitting it (the text is the question).
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el.matches && el.matches("[data-autosubmit]") && el.form) {
    el.form.submit();
  }
});
document.addEventListener("click", function (e) {
  var el = e.target.closest && e.target.closest("[data-print]");
  if (el) {
    e.preventDefault();
    window.print();
  }
});
document.addEventListener("submit", function (e) {
  var question = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    e.preventDefault();
  }
});
