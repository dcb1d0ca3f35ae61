/** Adds an opportunity to one of the owner's enterprises: what, when, who it suits, commitment, paid. */
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { addOpportunity, COMMITMENTS, type Commitment, type OwnedOpportunity } from '../../data/projects.ts'
import { projectsText as t } from '../../i18n/projects.ts'
import { errorText } from './errors.ts'

export function OpportunityForm(props: { enterpriseId: string; onAdded(o: OwnedOpportunity): void; onCancel(): void }) {
  const id = createUniqueId()
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [skills, setSkills] = createSignal('')
  const [schedule, setSchedule] = createSignal('')
  const [minAge, setMinAge] = createSignal('14')
  const [maxAge, setMaxAge] = createSignal('25')
  const [commitment, setCommitment] = createSignal<Commitment>('weekly')
  const [paid, setPaid] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<string | null>(null)

  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const added = await addOpportunity({
        enterprise_id: props.enterpriseId,
        title: title(),
        description: description(),
        min_age: Number.parseInt(minAge(), 10),
        max_age: Number.parseInt(maxAge(), 10),
        commitment: commitment(),
        paid: paid(),
        skills: skills().split(',').map((s) => s.trim()).filter(Boolean),
        schedule: schedule().trim() || null,
      })
      props.onAdded(added)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form class="pj-form pj-inset" onSubmit={submit} aria-labelledby={`${id}-title`} novalidate data-form="opportunity">
      <h4 id={`${id}-title`} class="pj-form-title">{t.opportunityForm.heading}</h4>
      <label class="pj-field">
        <span class="pj-label">{t.opportunityForm.title}</span>
        <input type="text" name="title" required maxlength="120" placeholder={t.opportunityForm.titlePlaceholder} value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.opportunityForm.description}</span>
        <textarea name="description" rows="3" required maxlength="2000" value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.opportunityForm.skills}</span>
        <input type="text" name="skills" value={skills()} onInput={(e) => setSkills(e.currentTarget.value)} />
      </label>
      <label class="pj-field">
        <span class="pj-label">{t.opportunityForm.schedule}</span>
        <input type="text" name="schedule" maxlength="200" placeholder={t.opportunityForm.schedulePlaceholder} value={schedule()} onInput={(e) => setSchedule(e.currentTarget.value)} />
      </label>
      <div class="pj-row">
        <label class="pj-field">
          <span class="pj-label">{t.opportunityForm.minAge}</span>
          <input type="number" name="min_age" min="14" max="99" required class="pj-narrow" value={minAge()} onInput={(e) => setMinAge(e.currentTarget.value)} />
        </label>
        <label class="pj-field">
          <span class="pj-label">{t.opportunityForm.maxAge}</span>
          <input type="number" name="max_age" min="14" max="99" required class="pj-narrow" value={maxAge()} onInput={(e) => setMaxAge(e.currentTarget.value)} />
        </label>
      </div>
      <p class="pj-hint">{t.opportunityForm.agesHint}</p>
      <label class="pj-field">
        <span class="pj-label">{t.opportunityForm.commitment}</span>
        <select name="commitment" value={commitment()} onChange={(e) => setCommitment(e.currentTarget.value as Commitment)}>
          <For each={COMMITMENTS}>{(c) => <option value={c}>{t.commitment[c]}</option>}</For>
        </select>
      </label>
      <label class="pj-check">
        <input type="checkbox" name="paid" checked={paid()} onChange={(e) => setPaid(e.currentTarget.checked)} />
        {t.opportunityForm.paid}
      </label>
      <Show when={error()}><p class="pj-error" role="alert">{error()}</p></Show>
      <div class="pj-actions">
        <button type="submit" class="pj-button" disabled={busy()}>{busy() ? t.opportunityForm.submitting : t.opportunityForm.submit}</button>
        <button type="button" class="pj-button secondary" onClick={() => props.onCancel()}>{t.opportunityForm.cancel}</button>
      </div>
    </form>
  )
}
