import { describe, expect, it } from 'vitest';
import { buildViewLink, parseViewParams } from './view-link';

describe('view links', () => {
  it('round-trips the query, styling, filter, selection and layout', () => {
    const url = buildViewLink('https://app.example/', {
      environmentId: 'local',
      query: 'SELECT * FROM DIGITALTWINS',
      style: { 'dtmi:x:Room;1': { colorBy: 'occupancy', min: 0 } },
      filter: 'area > 30',
      filterMode: 'filter',
      select: ['room-1', 'room,2'.replace(',', '')],
      layout: 'hierarchical',
    });
    const params = new URL(url).searchParams;
    expect(params.get('env')).toBe('local');
    expect(params.get('query')).toBe('SELECT * FROM DIGITALTWINS');
    expect(parseViewParams(params)).toEqual({
      style: '{"dtmi:x:Room;1":{"colorBy":"occupancy","min":0}}',
      filter: 'area > 30',
      filterMode: 'filter',
      select: ['room-1', 'room2'],
      layout: 'hierarchical',
    });
  });

  it('leaves out what is at its default, and ignores a malformed layout', () => {
    const url = buildViewLink('https://app.example/', { environmentId: 'local', style: {}, filter: ' ', filterMode: 'highlight', select: [], layout: 'auto' });
    expect(url).toBe('https://app.example/?env=local');
    expect(parseViewParams(new URLSearchParams('layout=<script>'))).toBeUndefined();
  });
});
