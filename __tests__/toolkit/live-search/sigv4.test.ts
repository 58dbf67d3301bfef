import { signPost } from '../../../packages/cli/toolkit/live-search/sigv4';

/*
 * The signer against AWS's Signature Version 4 test suite (post-vanilla: AKIDEXAMPLE's example key,
 * 2015-08-30T12:36:00Z), and a ListSinks request with a session token as the AWS SDK's own signer
 * (@smithy/signature-v4 5.7.5) signed it.
 */
const EXAMPLE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const DATE = new Date('2015-08-30T12:36:00Z');

test("signs the test suite's post-vanilla request as AWS does", () => {
  const headers = signPost({
    url: new URL('https://example.amazonaws.com/'),
    body: '',
    region: 'us-east-1',
    service: 'service',
    credentials: EXAMPLE,
    date: DATE,
  });
  expect(headers).toEqual({
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  });
});

test('signs a JSON body, its content type and the session token', () => {
  const headers = signPost({
    url: new URL('https://oam.eu-west-1.amazonaws.com/ListSinks'),
    body: '{"MaxResults":100}',
    contentType: 'application/json',
    region: 'eu-west-1',
    service: 'oam',
    credentials: { ...EXAMPLE, sessionToken: 'TOKEN' },
    date: DATE,
  });
  expect(headers['x-amz-security-token']).toBe('TOKEN');
  expect(headers.authorization).toBe(
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/oam/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=dfd6b7742ea49cb28dc83838d2716d4b9b528cc5b39f8fcc1275b39f7179a47e',
  );
});
