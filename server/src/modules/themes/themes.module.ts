import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeListenerModule } from '../../database/change-listener.module';
import { Theme, ThemeVersion } from './theme.entity';
import { ThemeRepository } from './theme.repository';
import { ThemesController } from './themes.controller';
import { ThemesService } from './themes.service';
import { ValidatorCache } from './validator-cache';

@Module({
  imports: [TypeOrmModule.forFeature([Theme, ThemeVersion]), ChangeListenerModule],
  controllers: [ThemesController],
  providers: [ThemeRepository, ThemesService, ValidatorCache],
  exports: [ThemesService],
})
export class ThemesModule {}
