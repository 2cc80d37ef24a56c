/**
 * The right-click menu of HDF Domains: only what applies to folders and domains. It replaces the lab's
 * context menu inside the domain browser, whose file items (Open With, Copy Download Link, …) do not.
 */
import type { CommandRegistry } from '@lumino/commands';
import { ContextMenu } from '@lumino/widgets';
import { CommandIds } from './commands.js';

const ITEM = '.jp-DirListing-item';
const LISTING = '.jp-DirListing-content';

export function attachContextMenu(node: HTMLElement, commands: CommandRegistry): ContextMenu {
  const menu = new ContextMenu({ commands });
  menu.menu.addClass('h5lab-DomainBrowser-menu');
  const items: [string, string, number][] = [
    [CommandIds.open, ITEM, 1],
    [CommandIds.download, ITEM, 10],
    [CommandIds.share, ITEM, 11],
    [CommandIds.copySnippet, ITEM, 12],
    [CommandIds.rename, ITEM, 20],
    [CommandIds.move, ITEM, 21],
    [CommandIds.delete, ITEM, 22],
    [CommandIds.newFolder, LISTING, 30],
    [CommandIds.newDomain, LISTING, 31],
    [CommandIds.upload, LISTING, 32],
    [CommandIds.refresh, LISTING, 40],
  ];
  for (const [command, selector, rank] of items) menu.addItem({ command, selector, rank });
  for (const [selector, rank] of [[ITEM, 2], [ITEM, 15], [ITEM, 25], [LISTING, 35]] as [string, number][]) {
    menu.addItem({ type: 'separator', selector, rank });
  }
  node.addEventListener('contextmenu', (event) => {
    if (event.shiftKey) return;
    if (menu.open(event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  });
  return menu;
}
