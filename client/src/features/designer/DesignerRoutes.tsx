import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { NotFoundPage } from '../../app/HomePage';
import { DesignerPage } from './DesignerPage';
import { ThemeListPage } from './ThemeListPage';
import './texts';
import './designer.css';

/** The admin's tematik designer: `/desain` (the list) and `/desain/:slug` (the editor). Never part of a cadre's download. */
export function DesignerRoutes(): ReactElement {
  return (
    <Routes>
      <Route index element={<ThemeListPage />} />
      <Route path=":slug" element={<DesignerPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
