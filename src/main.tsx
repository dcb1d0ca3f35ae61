// First: it asks for what the first screen waits on (src/boot.ts).
import './boot.ts'
import { render } from 'solid-js/web'
import { App } from './App.tsx'
import './styles.css'

render(() => <App />, document.getElementById('root') as HTMLElement)
