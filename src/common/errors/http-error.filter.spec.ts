import { ArgumentsHost, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { HttpErrorFilter } from './http-error.filter';

describe(HttpErrorFilter.name, () => {
  const filter = new HttpErrorFilter();
  let errorLog: jest.SpyInstance;

  beforeEach(() => {
    errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation();
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  const render = (exception: unknown) => {
    const headers: Record<string, string> = {};
    const response = {
      headersSent: false,
      status: jest.fn(),
      json: jest.fn(),
      end: jest.fn(),
      setHeader: (name: string, value: string) => (headers[name] = value),
    };
    response.status.mockReturnValue(response);
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    filter.catch(exception, host);
    return {
      status: response.status.mock.calls[0]?.[0] as number,
      body: response.json.mock.calls[0]?.[0] as unknown,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    };
  };

  it('should render an HTTP exception in the API error shape', () => {
    expect(render(new NotFoundException('article not found'))).toEqual({
      status: 404,
      body: { errors: { body: ['article not found'] } },
    });
  });

  it('should keep every validation message', () => {
    expect(
      render(new UnprocessableEntityException(['user.email must be an email', 'user.password too short'])),
    ).toEqual({
      status: 422,
      body: { errors: { body: ['user.email must be an email', 'user.password too short'] } },
    });
  });

  it('should answer a bare 500 for anything unexpected and log it with its stack', () => {
    const error = new Error('SELECT secret FROM internals');

    const rendered = render(error);

    expect(rendered).toEqual({ status: 500, body: { errors: { body: ['Internal server error'] } } });
    expect(errorLog).toHaveBeenCalledWith(expect.stringContaining(error.stack as string));
  });

  it('should answer 503 when the database cannot be reached', () => {
    const refused = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );

    expect(render(refused)).toEqual({
      status: 503,
      body: { errors: { body: ['database is unavailable, try again shortly'] } },
      headers: { 'Retry-After': '5' },
    });
  });

  it('should not write a second response once headers are sent', () => {
    const response = { headersSent: true, status: jest.fn(), json: jest.fn(), end: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;

    filter.catch(new Error('late'), host);

    expect(response.json).not.toHaveBeenCalled();
    expect(response.end).toHaveBeenCalled();
  });
});
