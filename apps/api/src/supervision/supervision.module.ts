import { Module } from '@nestjs/common';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';
import { WaitingListOffersController } from './waiting-list-offers.controller';
import { WaitingListOffersService } from './waiting-list-offers.service';

@Module({ controllers: [SupervisionController, WaitingListOffersController], providers: [SupervisionService, WaitingListOffersService], exports: [SupervisionService] })
export class SupervisionModule {}
