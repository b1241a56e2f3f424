import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from './exposition.js';

const text = `# HELP http_requests_total The total number of requests.\\nSecond line \\\\ end
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400",path="a\\"b\\\\c\\nd"}    3
# TYPE latency histogram
latency_bucket{le="0.1"} 5
latency_bucket{le="+Inf"} 7
latency_sum 1.5
latency_count 7
# TYPE rpc summary
rpc{quantile="0.5"} NaN
rpc_sum 0
rpc_count 0
free_standing{a="1",} -Inf
`;

describe('parseExposition', () => {
  it('reads families, help, labels with escapes, values and timestamps', () => {
    const families = parseExposition(text);
    expect(families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['http_requests_total', 'counter', 2],
      ['latency', 'histogram', 4],
      ['rpc', 'summary', 3],
      ['free_standing', 'untyped', 1],
    ]);
    const requests = families[0];
    expect(requests?.help).toBe('The total number of requests.\nSecond line \\ end');
    expect(requests?.samples[0]).toEqual({
      name: 'http_requests_total',
      labels: { method: 'post', code: '200' },
      value: 1027,
      timestamp: 1395066363000,
    });
    expect(requests?.samples[1]?.labels.path).toBe('a"b\\c\nd');
    expect(families[1]?.samples[1]?.labels.le).toBe('+Inf');
    expect(families[2]?.samples[0]?.value).toBeNaN();
    expect(families[3]?.samples[0]?.value).toBe(-Infinity);
  });

  it('says where text is not metrics', () => {
    expect(() => parseExposition('ok 1\n{bad} 2')).toThrow(ExpositionError);
    expect(() => parseExposition('m{a=1} 2')).toThrow(/line 1: label 'a' needs ="value"/);
    expect(() => parseExposition('m abc')).toThrow(/'abc' is not a value/);
    expect(() => parseExposition('# TYPE m weird')).toThrow(/unknown metric type 'weird'/);
  });
});
