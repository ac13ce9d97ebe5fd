import { describe, expect, it } from 'vitest';
import { STRING_FORMATS } from './scalar-formats.js';

// [scalar, valid values, invalid values]; the valid examples are the AppSync page's own where it gives them
const TABLE: [string, string[], string[]][] = [
  [
    'AWSDate',
    ['1970-01-01', '1970-01-01Z', '1970-01-01-07:00', '1970-01-01+05:30', '1970-01-01+05:30:15', '2024-02-29', '-2017-05-01'],
    ['1970-1-01', '19700101', '1970-13-01', '2025-02-29', '2025-04-31', '1970-01-01T00:00Z', '1970-01-01+5:30', 'today', ''],
  ],
  [
    'AWSTime',
    ['12:30', '12:30Z', '12:30:24-07:00', '12:30:24.500+05:30', '23:59:59.123456789', '00:00:00'],
    ['24:00', '12:60', '12:30:61', '12:30:24.', '12:30:24.1234567890', '1230', '12:30 Z'],
  ],
  [
    'AWSDateTime',
    ['1970-01-01T12:00:00.277Z', '1970-01-01T12:00Z', '1970-01-01T12:00:00.123456789+05:30', '-2017-01-01T00:00Z'],
    ['1970-01-01T12:00:00', '1970-01-01 12:00:00Z', '1970-01-01T25:00Z', '1970-02-30T12:00Z', '1970-01-01t12:00z', '1970-01-01'],
  ],
  [
    'AWSEmail',
    ['user@example.com', 'first.last+tag@sub.example.co', 'a@localhost', '"odd name"@example.com'],
    ['plain', '@example.com', 'a@', 'a b@example.com', 'a@exa mple.com', 'a..b@example.com'],
  ],
  [
    'AWSURL',
    ['https://www.amazon.com/dp/B000NZW3KC/', 'mailto:example@example.com', 'http://localhost:3000/a?b=c#d'],
    ['www.amazon.com', 'https://example.com//double', 'http://exa mple.com', '://x', ''],
  ],
  [
    'AWSPhone',
    ['+1 206 555 0100', '206-555-0100', '2065550100', '+44 20 7946 0958', '+61-2-5550-1234', '(206) 555-0100'],
    ['555-0100', 'phone', '+1', '206_555_0100', '+1234567890123456'],
  ],
  [
    'AWSIPAddress',
    ['123.12.34.56', '123.45.67.89/16', '1a2b:3c4b::1234:4567', '::1', '2001:db8::/32'],
    ['256.1.1.1', '1.2.3', '1.2.3.4/33', '[::1]', '::1/129', 'localhost', '1.2.3.4/'],
  ],
];

describe.each(TABLE)('%s', (scalar, valid, invalid) => {
  const check = STRING_FORMATS[scalar] as (v: string) => boolean;
  it.each(valid)('accepts %j', (v) => expect(check(v)).toBe(true));
  it.each(invalid)('refuses %j', (v) => expect(check(v)).toBe(false));
});
