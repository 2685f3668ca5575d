import { loadConfig } from '../../../src/config';

describe('small-number and notable-change settings', () => {
  it('default to a threshold of 3 and max(3, 50 %), and are set by the municipality through the environment', () => {
    expect(loadConfig({}).summaries).toMatchObject({ smallNumberThreshold: 3, notable: { min: 3, percent: 50 } });
    expect(loadConfig({ SUMMARY_SMALL_NUMBER_THRESHOLD: '5', SUMMARY_NOTABLE_MIN: '2', SUMMARY_NOTABLE_PERCENT: '30' }).summaries).toMatchObject({
      smallNumberThreshold: 5,
      notable: { min: 2, percent: 30 }
    });
  });

  it('refuses a threshold that is not a whole number from 1 to 20, naming the variable', () => {
    expect(() => loadConfig({ SUMMARY_SMALL_NUMBER_THRESHOLD: '0' })).toThrow(/SUMMARY_SMALL_NUMBER_THRESHOLD/);
    expect(() => loadConfig({ SUMMARY_SMALL_NUMBER_THRESHOLD: 'tre' })).toThrow(/SUMMARY_SMALL_NUMBER_THRESHOLD/);
  });
});
