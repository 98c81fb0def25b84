import { describe, expect, it } from 'vitest';
import { parseAdtError } from './errors';

function parse(bodyText: string, contentType = 'application/json; charset=utf-8', status = 400) {
  return parseAdtError({ status, statusText: 'Bad Request', headers: new Headers({ 'content-type': contentType }), bodyText, method: 'PATCH', url: 'https://x/digitaltwins/a' });
}

describe('parseAdtError', () => {
  it('reads the ADT error object', () => {
    const e = parse(JSON.stringify({ error: { code: 'JsonPatchInvalid', message: 'Parameter op must not be empty.' } }));
    expect(e).toMatchObject({ status: 400, code: 'JsonPatchInvalid', message: 'Parameter op must not be empty.' });
  });

  it('makes a clear message of an ASP.NET validation problem, which has no error object', () => {
    const body = {
      type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'One or more validation errors occurred.', status: 400,
      traceId: '00-0123456789abcdef0123456789abcdef-0123456789abcdef-00',
      errors: { '[0]': ["Error converting value \"Temperature\" to type 'Microsoft.AspNetCore.JsonPatch.Operations.Operation'. Path '[0]'."] },
    };
    const e = parse(JSON.stringify(body), 'application/problem+json; charset=utf-8');
    expect(e.code).toBe('ValidationProblem');
    expect(e.message).toBe("One or more validation errors occurred. [0]: Error converting value \"Temperature\" to type 'Microsoft.AspNetCore.JsonPatch.Operations.Operation'. Path '[0]'.");
    expect(e.details).toEqual([]);
  });

  it('falls back to the status text for a body that is neither', () => {
    expect(parse('<html>gateway</html>', 'text/html')).toMatchObject({ code: 'Bad Request', message: 'Bad Request' });
  });
});
