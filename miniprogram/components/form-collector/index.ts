// <form-collector>: wrap any tappable content to turn each tap into a push credit (the 2019
// design: every tap on a page yields a formId). The tap keeps its own behaviour; the formId goes to
// the device queue, which drops WeChat's placeholders and uploads in batches (services/credits.ts).
import { credits } from '../../services/credits';

Component({
  externalClasses: ['ext-class'],
  properties: {
    /** Disables the submit (no formId) — the wrapped content decides about its own tap. */
    disabled: { type: Boolean, value: false },
  },
  methods: {
    onSubmit(event: WechatMiniprogram.FormSubmit) {
      credits.collect(event.detail.formId);
    },
  },
  pageLifetimes: {
    // Several collectors on a page share one queue: the first hide uploads, the others find it empty.
    hide() {
      void credits.flush('page-hide');
    },
  },
});
