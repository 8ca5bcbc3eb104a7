// Placeholder check-in page; the quiz, streak and credit collection are built in their own issue.
Component({
  data: { title: '答题签到' },
});
