import { Pipe, PipeTransform } from '@angular/core';
import { formatJapaneseDate } from './dates';

/** Shows a 'YYYY-MM-DD' date as 'YYYY年M月D日'. */
@Pipe({ name: 'jaDate' })
export class JapaneseDatePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatJapaneseDate(value);
  }
}
