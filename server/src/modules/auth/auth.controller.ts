import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { User } from '../users/user.entity';
import { toUserView } from '../users/user-view';
import { AuthService } from './auth.service';
import { clientIp, CurrentUser } from './current-user.decorator';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest) {
    const { accessToken, user } = await this.auth.login(body.username, body.password, clientIp(request));
    return { accessToken, user: toUserView(user) };
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: User) {
    return toUserView(user);
  }
}
