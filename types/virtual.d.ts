declare module 'virtual:fc-recognition' {
  import type { RecognitionRules } from '@/core/recognition';
  /** `data/pack/recognition.json`, validated and defaulted at build time. */
  const rules: RecognitionRules;
  export default rules;
}
