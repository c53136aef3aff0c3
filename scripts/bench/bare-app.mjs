// The baseline for framework overhead: a bare NestJS application on Express.js with one route and
// nothing else (no logging, metrics, validation, guards or database), as `nest new` would make it.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class PingController {
  ping() {
    return { status: 'ok' };
  }
}
Reflect.decorate(
  [Get('ping')],
  PingController.prototype,
  'ping',
  Object.getOwnPropertyDescriptor(PingController.prototype, 'ping'),
);
Reflect.decorate([Controller()], PingController);

class BareModule {}
Reflect.decorate([Module({ controllers: [PingController] })], BareModule);

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.send?.('ready');
