import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('expected an element with id "app" in index.html, found none');

export default mount(App, { target });
