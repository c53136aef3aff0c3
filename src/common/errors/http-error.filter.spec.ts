import { ArgumentsHost, BadRequestException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import {
  AlreadyTakenError,
  ForbiddenError,
  HashingOverloadedError,
  InvalidCredentialsError,
  InvalidInputError,
  NotFoundError,
  NothingToUpdateError,
  SelfFollowError,
  TokenError,
  TokenProblem,
} from './api-errors';
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

  it('should answer 404 keyed by the resource for a NotFoundError', () => {
    expect(render(new NotFoundError('article'))).toEqual({
      status: 404,
      body: { errors: { article: ['not found'] } },
    });
  });

  it('should answer 403 keyed by the resource for a ForbiddenError', () => {
    expect(render(new ForbiddenError('comment'))).toEqual({
      status: 403,
      body: { errors: { comment: ['forbidden'] } },
    });
  });

  it('should answer 409 naming each taken field for an AlreadyTakenError', () => {
    expect(render(new AlreadyTakenError(['email', 'username']))).toEqual({
      status: 409,
      body: { errors: { email: ['has already been taken'], username: ['has already been taken'] } },
    });
  });

  it('should answer 401 keyed by credentials for an InvalidCredentialsError', () => {
    expect(render(new InvalidCredentialsError())).toEqual({
      status: 401,
      body: { errors: { credentials: ['invalid'] } },
    });
  });

  it.each<[TokenProblem, string]>([
    ['missing', 'is missing'],
    ['malformed', 'is malformed: send "Authorization: Token <jwt>"'],
    ['invalid', 'is invalid'],
    ['expired', 'has expired'],
    ['user-gone', 'refers to a user that no longer exists'],
  ])('should answer 401 keyed by token for a TokenError (%s)', (problem, message) => {
    expect(render(new TokenError(problem))).toEqual({ status: 401, body: { errors: { token: [message] } } });
  });

  it('should answer 422 with every message of every field for an InvalidInputError', () => {
    const fields = { email: ['must be a valid email address'], password: ["can't be blank", 'too short'] };

    expect(render(new InvalidInputError(fields))).toEqual({
      status: 422,
      body: { errors: { email: ['must be a valid email address'], password: ["can't be blank", 'too short'] } },
    });
  });

  it('should answer 422 keyed by the envelope for a NothingToUpdateError', () => {
    expect(render(new NothingToUpdateError('article'))).toEqual({
      status: 422,
      body: { errors: { article: ['must contain at least one field to update'] } },
    });
  });

  it('should answer 422 keyed by username for a SelfFollowError', () => {
    expect(render(new SelfFollowError())).toEqual({
      status: 422,
      body: { errors: { username: ['is your own: you cannot follow yourself'] } },
    });
  });

  it('should answer 503 with Retry-After for a HashingOverloadedError', () => {
    expect(render(new HashingOverloadedError())).toEqual({
      status: 503,
      body: { errors: { body: ['too many sign-ins at once, try again shortly'] } },
      headers: { 'Retry-After': '5' },
    });
  });

  it("should answer an unknown route (Nest's 404) keyed by route", () => {
    expect(render(new NotFoundException('Cannot GET /api/nope'))).toEqual({
      status: 404,
      body: { errors: { route: ['not found'] } },
    });
  });

  it("should answer Nest's own 401 (UnauthorizedException) keyed by token", () => {
    expect(render(new UnauthorizedException())).toEqual({ status: 401, body: { errors: { token: ['is invalid'] } } });
  });

  it('should answer a rate limit (ThrottlerException) with its status and message under body', () => {
    expect(render(new ThrottlerException('too many requests, retry in 3 seconds'))).toEqual({
      status: 429,
      body: { errors: { body: ['too many requests, retry in 3 seconds'] } },
    });
  });

  it('should keep the message of a body check (an HttpException) under body', () => {
    expect(render(new BadRequestException('is not valid JSON: Unexpected token'))).toEqual({
      status: 400,
      body: { errors: { body: ['is not valid JSON: Unexpected token'] } },
    });
  });

  it('should answer 404 under body when a record the request refers to is gone (foreign key)', () => {
    const violation = new QueryFailedError(
      'INSERT INTO comments ...',
      [],
      Object.assign(new Error('FOREIGN KEY constraint failed'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );

    expect(render(violation)).toEqual({
      status: 404,
      body: { errors: { body: ['refers to a record that no longer exists'] } },
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
