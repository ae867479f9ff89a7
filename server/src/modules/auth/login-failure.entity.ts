import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('login_failure')
export class LoginFailure {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  ip: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
