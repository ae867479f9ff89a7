import { Body, Controller, Get, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { User } from '../users/user.entity';
import { toUserView } from '../users/user-view';
import { AuthService } from './auth.service';
import { clientIp, CurrentUser, SessionId } from './current-user.decorator';
import { LoginDto } from './dto/login.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';

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

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  async logout(@CurrentUser() user: User, @SessionId() sessionId: string, @Req() request: FastifyRequest): Promise<void> {
    await this.auth.logout(user, sessionId, clientIp(request));
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: User) {
    return toUserView(user);
  }

  @Patch('me')
  @ApiBearerAuth()
  updateMe(@Body() body: UpdateProfileDto, @CurrentUser() user: User, @SessionId() sessionId: string, @Req() request: FastifyRequest) {
    return this.auth.updateProfile(user, sessionId, body, clientIp(request));
  }
}
