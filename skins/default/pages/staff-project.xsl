<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <xsl:import href="../../default/pages/staff-projects.xsl"/>
  <!--
    A project for the team: its facts and sharing, the checklist,
    milestones and tasks with their forms (each row's inputs belong to
    the row's form through the form attribute), then the sections.
  -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="p" select="project"/>
    <p><a href="/staff/projects">Projects</a> · <a href="/staff/clients/{$p/client_id}"><xsl:value-of select="$p/client"/></a></p>
    <h1><xsl:value-of select="$p/name"/></h1>
    <xsl:call-template name="hs-project-facts"/>
    <form method="post" action="/staff/projects/{$p/id}/share" class="inline">
      <xsl:call-template name="csrf"/>
      <xsl:choose>
        <xsl:when test="$p/visible = '1'"><button type="submit">Make internal again</button></xsl:when>
        <xsl:otherwise><input type="hidden" name="visible" value="1"/><button type="submit" class="primary">Share with the client</button></xsl:otherwise>
      </xsl:choose>
    </form>
    <div class="markdown"><xsl:copy-of select="$p/overview_html/html/node()"/></div>

    <details>
      <xsl:if test="form/field/@error"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
      <summary>Edit the project</summary>
      <form method="post" action="/staff/projects/{$p/id}" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="sp-project-fields"><xsl:with-param name="p" select="$p"/></xsl:call-template>
        <p><button type="submit" class="primary">Save</button></p>
      </form>
    </details>

    <section id="deliverables" aria-labelledby="deliverables-h">
      <h2 id="deliverables-h">Deliverables</h2>
      <p class="hint">Progress counts every deliverable and milestone; the client's bar counts the shared ones.</p>
      <table class="list">
        <thead><tr><th scope="col">Deliverable</th><th scope="col">Done</th><th scope="col">Shared</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          <xsl:for-each select="deliverables/deliverable">
            <tr>
              <td><input type="text" name="title" value="{title}" form="dl-{id}" aria-label="Deliverable" required="required"/></td>
              <td><xsl:call-template name="sp-box"><xsl:with-param name="n">done</xsl:with-param><xsl:with-param name="on" select="boolean(done_at)"/><xsl:with-param name="f" select="concat('dl-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="f" select="concat('dl-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-row-forms"><xsl:with-param name="id" select="concat('dl-', id)"/><xsl:with-param name="url" select="concat('/staff/deliverables/', id)"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <form method="post" action="/staff/projects/{$p/id}/deliverables" class="inline">
        <xsl:call-template name="csrf"/>
        <label for="f-dl-title">New deliverable</label>
        <input id="f-dl-title" type="text" name="title" required="required"/>
        <label><input type="checkbox" name="visible" value="1"/> Shared</label>
        <button type="submit">Add</button>
      </form>
    </section>

    <section id="milestones" aria-labelledby="milestones-h">
      <h2 id="milestones-h">Milestones</h2>
      <table class="list">
        <thead><tr><th scope="col">Milestone</th><th scope="col">Date</th><th scope="col">Reached</th><th scope="col">Shared</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          <xsl:for-each select="milestones/milestone">
            <tr>
              <td><input type="text" name="title" value="{title}" form="ms-{id}" aria-label="Milestone" required="required"/>
                <xsl:if test="overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if></td>
              <td><input type="date" name="due_on" value="{due_on}" form="ms-{id}" aria-label="Date" required="required"/></td>
              <td><xsl:call-template name="sp-box"><xsl:with-param name="n">done</xsl:with-param><xsl:with-param name="on" select="boolean(done_at)"/><xsl:with-param name="f" select="concat('ms-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="f" select="concat('ms-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-row-forms"><xsl:with-param name="id" select="concat('ms-', id)"/><xsl:with-param name="url" select="concat('/staff/milestones/', id)"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <form method="post" action="/staff/projects/{$p/id}/milestones" class="inline">
        <xsl:call-template name="csrf"/>
        <label for="f-ms-title">New milestone</label>
        <input id="f-ms-title" type="text" name="title" required="required"/>
        <label for="f-ms-due">Date</label>
        <input id="f-ms-due" type="date" name="due_on" required="required"/>
        <label><input type="checkbox" name="visible" value="1"/> Shared</label>
        <button type="submit">Add</button>
      </form>
    </section>

    <section id="tasks" aria-labelledby="tasks-h">
      <h2 id="tasks-h">Tasks</h2>
      <p class="hint">Tasks are internal unless shared. A shared task owned by one of the client's contacts shows on their dashboard under "Needs your action".</p>
      <table class="list">
        <thead><tr><th scope="col">Task</th><th scope="col">Owner</th><th scope="col">Due</th><th scope="col">Status</th><th scope="col">Shared</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          <xsl:for-each select="tasks/task">
            <xsl:variable name="t" select="."/>
            <tr>
              <td><input type="text" name="title" value="{title}" form="tk-{id}" aria-label="Task" required="required"/></td>
              <td><select name="owner" form="tk-{id}" aria-label="Owner">
                <option value="">Nobody yet</option>
                <xsl:for-each select="/atrium/content/people/person">
                  <option value="{id}"><xsl:if test="id = $t/owner_id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/><xsl:if test="role = 'contact'"> (client)</xsl:if></option>
                </xsl:for-each>
              </select></td>
              <td><input type="date" name="due_on" value="{due_on}" form="tk-{id}" aria-label="Due"/>
                <xsl:if test="overdue = '1'"><xsl:text> </xsl:text><span class="badge badge-overdue">Overdue</span></xsl:if></td>
              <td><xsl:call-template name="sp-task-status"><xsl:with-param name="v" select="status"/><xsl:with-param name="f" select="concat('tk-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="f" select="concat('tk-', id)"/></xsl:call-template></td>
              <td><xsl:call-template name="sp-row-forms"><xsl:with-param name="id" select="concat('tk-', id)"/><xsl:with-param name="url" select="concat('/staff/tasks/', id)"/></xsl:call-template></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
      <form method="post" action="/staff/projects/{$p/id}/tasks" class="stack">
        <xsl:call-template name="csrf"/>
        <h3>New task</h3>
        <div class="field"><label for="f-tk-title">Task</label><input id="f-tk-title" type="text" name="title" required="required"/></div>
        <xsl:call-template name="sp-select">
          <xsl:with-param name="name">owner</xsl:with-param>
          <xsl:with-param name="label">Owner</xsl:with-param>
          <xsl:with-param name="people" select="people/person"/>
          <xsl:with-param name="suffix">-task</xsl:with-param>
        </xsl:call-template>
        <div class="field"><label for="f-tk-due">Due</label><input id="f-tk-due" type="date" name="due_on"/></div>
        <div class="field"><label for="f-tk-status">Status</label>
          <xsl:call-template name="sp-task-status"><xsl:with-param name="v">todo</xsl:with-param><xsl:with-param name="id">f-tk-status</xsl:with-param></xsl:call-template></div>
        <div class="field"><label><input type="checkbox" name="visible" value="1"/> Shared with the client</label></div>
        <p><button type="submit">Add task</button></p>
      </form>
    </section>

    <xsl:apply-templates select="updates|files|approvals|decisions|activity" mode="section"/>
  </xsl:template>

  <!-- A checkbox of form f: name n, ticked when on. -->
  <xsl:template name="sp-box">
    <xsl:param name="n"/>
    <xsl:param name="on"/>
    <xsl:param name="f"/>
    <input type="checkbox" name="{$n}" value="1" form="{$f}" aria-label="{$n}">
      <xsl:if test="$on"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
    </input>
  </xsl:template>

  <!-- A task's status select (v: current; f: its form; id). -->
  <xsl:template name="sp-task-status">
    <xsl:param name="v"/>
    <xsl:param name="f" select="''"/>
    <xsl:param name="id" select="''"/>
    <select name="status" aria-label="Status">
      <xsl:if test="$f != ''"><xsl:attribute name="form"><xsl:value-of select="$f"/></xsl:attribute></xsl:if>
      <xsl:if test="$id != ''"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute></xsl:if>
      <option value="todo"><xsl:if test="$v = 'todo'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>To do</option>
      <option value="in_progress"><xsl:if test="$v = 'in_progress'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>In progress</option>
      <option value="waiting"><xsl:if test="$v = 'waiting'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Waiting</option>
      <option value="done"><xsl:if test="$v = 'done'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Done</option>
    </select>
  </xsl:template>

  <!-- A row's save form (id; its inputs point at it) and delete form. -->
  <xsl:template name="sp-row-forms">
    <xsl:param name="id"/>
    <xsl:param name="url"/>
    <form id="{$id}" method="post" action="{$url}" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit">Save</button>
    </form>
    <xsl:text> </xsl:text>
    <form method="post" action="{$url}/delete" class="inline">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="danger">Delete</button>
    </form>
  </xsl:template>
</xsl:stylesheet>
