<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <xsl:import href="../../default/pages/staff-projects.xsl"/>
  <!--
    A project for the team: its facts and sharing, then deliverables,
    milestones and tasks as cards, each with its own edit panel (a
    <details> holding a whole form, opened when the server refused what
    was sent, with the messages beside the fields), then the sections.
  -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="p" select="project"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/projects">Projects</a> · <a href="{$base}/staff/clients/{$p/client_id}"><xsl:value-of select="$p/client"/></a></nav>
    <h1><xsl:value-of select="$p/name"/></h1>
    <xsl:call-template name="hs-project-facts"/>
    <form method="post" action="{$base}/staff/projects/{$p/id}/share" class="inline">
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
      <form method="post" action="{$base}/staff/projects/{$p/id}" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="sp-project-fields"><xsl:with-param name="p" select="$p"/></xsl:call-template>
        <p><button type="submit" class="primary">Save</button></p>
      </form>
    </details>

    <xsl:variable name="rj" select="rejected/form"/>
    <section id="deliverables" aria-labelledby="deliverables-h">
      <h2 id="deliverables-h">Deliverables</h2>
      <p class="hint">Progress counts every deliverable and milestone; the client's bar counts the shared ones.</p>
      <xsl:choose>
        <xsl:when test="deliverables/deliverable">
          <ul class="item-list">
            <xsl:for-each select="deliverables/deliverable">
              <xsl:variable name="k" select="concat('dl-', id)"/>
              <xsl:variable name="rf" select="$rj[@name = concat('deliverable-', current()/id)]"/>
              <li class="item-card" id="deliverable-{id}">
                <div class="item-head">
                  <p class="item-title"><xsl:value-of select="title"/></p>
                  <xsl:choose>
                    <xsl:when test="done_at"><xsl:call-template name="badge"><xsl:with-param name="status">done</xsl:with-param></xsl:call-template></xsl:when>
                    <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="status">todo</xsl:with-param><xsl:with-param name="label">Open</xsl:with-param></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                  <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
                </div>
                <details>
                  <xsl:if test="$rf"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                  <summary><xsl:call-template name="icon"><xsl:with-param name="name">edit</xsl:with-param></xsl:call-template> Edit <span class="visually-hidden"><xsl:value-of select="title"/></span></summary>
                  <form method="post" action="{$base}/staff/deliverables/{id}" class="item-edit">
                    <xsl:call-template name="csrf"/>
                    <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Deliverable</xsl:with-param><xsl:with-param name="d" select="title"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="k" select="$k"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                    <div class="field">
                      <label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">done</xsl:with-param><xsl:with-param name="on" select="boolean(done_at)"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template> Done</label>
                      <label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template> Shared with the client</label>
                    </div>
                    <div class="form-actions"><button type="submit" class="primary">Save</button></div>
                  </form>
                  <xsl:call-template name="sp-delete"><xsl:with-param name="url" select="concat('/staff/deliverables/', id)"/><xsl:with-param name="what" select="title"/></xsl:call-template>
                </details>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty"><xsl:with-param name="icon">check</xsl:with-param><xsl:with-param name="title">No deliverables yet.</xsl:with-param><xsl:with-param name="text">List what the client will receive with the form below.</xsl:with-param></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="nd" select="$rj[@name = 'deliverable-new']"/>
      <form method="post" action="{$base}/staff/projects/{$p/id}/deliverables" class="new-item item-edit">
        <xsl:call-template name="csrf"/>
        <h3>New deliverable</h3>
        <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Deliverable</xsl:with-param><xsl:with-param name="rf" select="$nd"/><xsl:with-param name="k">dl-new</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="rf" select="$nd"/></xsl:call-template> Shared with the client</label></div>
        <div class="form-actions"><button type="submit"><xsl:call-template name="icon"><xsl:with-param name="name">plus</xsl:with-param></xsl:call-template> Add deliverable</button></div>
      </form>
    </section>

    <xsl:call-template name="chart-timeline"/>
    <section id="milestones" aria-labelledby="milestones-h">
      <h2 id="milestones-h">Milestones</h2>
      <xsl:choose>
        <xsl:when test="milestones/milestone">
          <ul class="item-list">
            <xsl:for-each select="milestones/milestone">
              <xsl:variable name="k" select="concat('ms-', id)"/>
              <xsl:variable name="rf" select="$rj[@name = concat('milestone-', current()/id)]"/>
              <li class="item-card" id="milestone-{id}">
                <div class="item-head">
                  <p class="item-title"><xsl:value-of select="title"/></p>
                  <xsl:choose>
                    <xsl:when test="done_at"><xsl:call-template name="badge"><xsl:with-param name="status">done</xsl:with-param><xsl:with-param name="label">Reached</xsl:with-param></xsl:call-template></xsl:when>
                    <xsl:when test="overdue = '1'"><xsl:call-template name="badge"><xsl:with-param name="status">overdue</xsl:with-param></xsl:call-template></xsl:when>
                    <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="status">todo</xsl:with-param><xsl:with-param name="label">Upcoming</xsl:with-param></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                  <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
                </div>
                <p class="item-meta"><span><xsl:call-template name="icon"><xsl:with-param name="name">calendar</xsl:with-param></xsl:call-template> <xsl:value-of select="due_on"/></span></p>
                <details>
                  <xsl:if test="$rf"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                  <summary><xsl:call-template name="icon"><xsl:with-param name="name">edit</xsl:with-param></xsl:call-template> Edit <span class="visually-hidden"><xsl:value-of select="title"/></span></summary>
                  <form method="post" action="{$base}/staff/milestones/{id}" class="item-edit">
                    <xsl:call-template name="csrf"/>
                    <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Milestone</xsl:with-param><xsl:with-param name="d" select="title"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="k" select="$k"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                    <xsl:call-template name="sp-field"><xsl:with-param name="n">due_on</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="label">Date</xsl:with-param><xsl:with-param name="d" select="due_on"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="k" select="$k"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                    <div class="field">
                      <label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">done</xsl:with-param><xsl:with-param name="on" select="boolean(done_at)"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template> Reached</label>
                      <label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template> Shared with the client</label>
                    </div>
                    <div class="form-actions"><button type="submit" class="primary">Save</button></div>
                  </form>
                  <xsl:call-template name="sp-delete"><xsl:with-param name="url" select="concat('/staff/milestones/', id)"/><xsl:with-param name="what" select="title"/></xsl:call-template>
                </details>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty"><xsl:with-param name="icon">calendar</xsl:with-param><xsl:with-param name="title">No milestones yet.</xsl:with-param><xsl:with-param name="text">Add the dates the client should know about with the form below.</xsl:with-param></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="nm" select="$rj[@name = 'milestone-new']"/>
      <form method="post" action="{$base}/staff/projects/{$p/id}/milestones" class="new-item item-edit">
        <xsl:call-template name="csrf"/>
        <h3>New milestone</h3>
        <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Milestone</xsl:with-param><xsl:with-param name="rf" select="$nm"/><xsl:with-param name="k">ms-new</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="sp-field"><xsl:with-param name="n">due_on</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="label">Date</xsl:with-param><xsl:with-param name="rf" select="$nm"/><xsl:with-param name="k">ms-new</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="rf" select="$nm"/></xsl:call-template> Shared with the client</label></div>
        <div class="form-actions"><button type="submit"><xsl:call-template name="icon"><xsl:with-param name="name">plus</xsl:with-param></xsl:call-template> Add milestone</button></div>
      </form>
    </section>

    <section id="tasks" aria-labelledby="tasks-h">
      <h2 id="tasks-h">Tasks</h2>
      <p class="hint">Tasks are internal unless shared. A shared task owned by one of the client's contacts shows on their dashboard under "Needs your action".</p>
      <xsl:choose>
        <xsl:when test="tasks/task">
          <ul class="item-list">
            <xsl:for-each select="tasks/task">
              <xsl:variable name="k" select="concat('tk-', id)"/>
              <xsl:variable name="rf" select="$rj[@name = concat('task-', current()/id)]"/>
              <xsl:variable name="oid" select="owner_id"/>
              <li class="item-card" id="task-{id}">
                <div class="item-head">
                  <p class="item-title"><xsl:value-of select="title"/></p>
                  <xsl:call-template name="badge"><xsl:with-param name="status" select="status"/></xsl:call-template>
                  <xsl:if test="overdue = '1'"><xsl:call-template name="badge"><xsl:with-param name="status">overdue</xsl:with-param></xsl:call-template></xsl:if>
                  <xsl:call-template name="hs-visibility"><xsl:with-param name="visible" select="visible"/></xsl:call-template>
                </div>
                <p class="item-meta">
                  <span>
                    <xsl:choose>
                      <xsl:when test="/atrium/content/people/person[id = $oid]">
                        <xsl:variable name="who" select="/atrium/content/people/person[id = $oid]"/>
                        <xsl:call-template name="avatar"><xsl:with-param name="name" select="$who/name"/></xsl:call-template>
                        <xsl:text> </xsl:text><xsl:value-of select="$who/name"/><xsl:if test="$who/role = 'contact'"> (client)</xsl:if>
                      </xsl:when>
                      <xsl:otherwise>Nobody yet</xsl:otherwise>
                    </xsl:choose>
                  </span>
                  <xsl:if test="due_on"><span><xsl:call-template name="icon"><xsl:with-param name="name">calendar</xsl:with-param></xsl:call-template> Due <xsl:value-of select="due_on"/></span></xsl:if>
                </p>
                <details>
                  <xsl:if test="$rf"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                  <summary><xsl:call-template name="icon"><xsl:with-param name="name">edit</xsl:with-param></xsl:call-template> Edit <span class="visually-hidden"><xsl:value-of select="title"/></span></summary>
                  <form method="post" action="{$base}/staff/tasks/{id}" class="item-edit">
                    <xsl:call-template name="csrf"/>
                    <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Task</xsl:with-param><xsl:with-param name="d" select="title"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="k" select="$k"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                    <div class="field"><label for="f-{$k}-owner">Owner</label>
                      <xsl:call-template name="sp-owner"><xsl:with-param name="d" select="owner_id"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="id" select="concat('f-', $k, '-owner')"/></xsl:call-template></div>
                    <xsl:call-template name="sp-field"><xsl:with-param name="n">due_on</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="label">Due</xsl:with-param><xsl:with-param name="d" select="due_on"/><xsl:with-param name="rf" select="$rf"/><xsl:with-param name="k" select="$k"/></xsl:call-template>
                    <div class="field"><label for="f-{$k}-status">Status</label>
                      <xsl:call-template name="sp-task-status"><xsl:with-param name="v"><xsl:call-template name="sp-v"><xsl:with-param name="n">status</xsl:with-param><xsl:with-param name="d" select="status"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template></xsl:with-param><xsl:with-param name="id" select="concat('f-', $k, '-status')"/></xsl:call-template></div>
                    <div class="field"><label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="on" select="visible = '1'"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template> Shared with the client</label></div>
                    <div class="form-actions"><button type="submit" class="primary">Save</button></div>
                  </form>
                  <xsl:call-template name="sp-delete"><xsl:with-param name="url" select="concat('/staff/tasks/', id)"/><xsl:with-param name="what" select="title"/></xsl:call-template>
                </details>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty"><xsl:with-param name="icon">check</xsl:with-param><xsl:with-param name="title">No tasks yet.</xsl:with-param><xsl:with-param name="text">Add the first one with the form below; share it to show it to the client.</xsl:with-param></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:variable name="nt" select="$rj[@name = 'task-new']"/>
      <form method="post" action="{$base}/staff/projects/{$p/id}/tasks" class="new-item item-edit">
        <xsl:call-template name="csrf"/>
        <h3>New task</h3>
        <xsl:call-template name="sp-field"><xsl:with-param name="n">title</xsl:with-param><xsl:with-param name="label">Task</xsl:with-param><xsl:with-param name="rf" select="$nt"/><xsl:with-param name="k">tk</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label for="f-tk-owner">Owner</label>
          <xsl:call-template name="sp-owner"><xsl:with-param name="rf" select="$nt"/><xsl:with-param name="id">f-tk-owner</xsl:with-param></xsl:call-template></div>
        <xsl:call-template name="sp-field"><xsl:with-param name="n">due_on</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="label">Due</xsl:with-param><xsl:with-param name="rf" select="$nt"/><xsl:with-param name="k">tk</xsl:with-param></xsl:call-template>
        <div class="field"><label for="f-tk-status">Status</label>
          <xsl:call-template name="sp-task-status"><xsl:with-param name="v"><xsl:call-template name="sp-v"><xsl:with-param name="n">status</xsl:with-param><xsl:with-param name="d">todo</xsl:with-param><xsl:with-param name="rf" select="$nt"/></xsl:call-template></xsl:with-param><xsl:with-param name="id">f-tk-status</xsl:with-param></xsl:call-template></div>
        <div class="field"><label class="check"><xsl:call-template name="sp-box"><xsl:with-param name="n">visible</xsl:with-param><xsl:with-param name="rf" select="$nt"/></xsl:call-template> Shared with the client</label></div>
        <div class="form-actions"><button type="submit"><xsl:call-template name="icon"><xsl:with-param name="name">plus</xsl:with-param></xsl:call-template> Add task</button></div>
      </form>
    </section>

    <xsl:apply-templates select="updates|files|approvals|decisions|section|activity" mode="section"/>
  </xsl:template>

  <!--
    The value of field n: what was sent back in the rejected form rf if
    there is one, else d.
  -->
  <xsl:template name="sp-v">
    <xsl:param name="n"/>
    <xsl:param name="d" select="''"/>
    <xsl:param name="rf" select="/.."/>
    <xsl:choose>
      <xsl:when test="$rf"><xsl:value-of select="$rf/field[@name = $n]/@value"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    A text or date input n of form f (an item's row) or with id (a new
    item's form), its value from sp-v, and its message when rf refused it.
  -->
  <xsl:template name="sp-input">
    <xsl:param name="n"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="d" select="''"/>
    <xsl:param name="rf" select="/.."/>
    <xsl:param name="f" select="''"/>
    <xsl:param name="id" select="''"/>
    <xsl:param name="label" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:variable name="err" select="$rf/field[@name = $n]/@error"/>
    <xsl:variable name="eid" select="concat('e-', $rf/@name, '-', $n)"/>
    <input type="{$type}" name="{$n}">
      <xsl:attribute name="value"><xsl:call-template name="sp-v"><xsl:with-param name="n" select="$n"/><xsl:with-param name="d" select="$d"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template></xsl:attribute>
      <xsl:if test="$f != ''"><xsl:attribute name="form"><xsl:value-of select="$f"/></xsl:attribute></xsl:if>
      <xsl:if test="$id != ''"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute></xsl:if>
      <xsl:if test="$label != ''"><xsl:attribute name="aria-label"><xsl:value-of select="$label"/></xsl:attribute></xsl:if>
      <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
      <xsl:if test="$err">
        <xsl:attribute name="aria-invalid">true</xsl:attribute>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="$eid"/></xsl:attribute>
      </xsl:if>
    </input>
    <xsl:if test="$err"><span class="error" id="{$eid}"><xsl:value-of select="$err"/></span></xsl:if>
  </xsl:template>

  <!-- A task's owner select (d: the owner; rf, f, id as sp-input). -->
  <xsl:template name="sp-owner">
    <xsl:param name="d" select="''"/>
    <xsl:param name="rf" select="/.."/>
    <xsl:param name="f" select="''"/>
    <xsl:param name="id" select="''"/>
    <xsl:variable name="v"><xsl:call-template name="sp-v"><xsl:with-param name="n">owner</xsl:with-param><xsl:with-param name="d" select="$d"/><xsl:with-param name="rf" select="$rf"/></xsl:call-template></xsl:variable>
    <xsl:variable name="err" select="$rf/field[@name = 'owner']/@error"/>
    <select name="owner">
      <xsl:if test="$f != ''"><xsl:attribute name="form"><xsl:value-of select="$f"/></xsl:attribute><xsl:attribute name="aria-label">Owner</xsl:attribute></xsl:if>
      <xsl:if test="$id != ''"><xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute></xsl:if>
      <xsl:if test="$err"><xsl:attribute name="aria-invalid">true</xsl:attribute></xsl:if>
      <option value="">Nobody yet</option>
      <xsl:for-each select="/atrium/content/people/person">
        <option value="{id}"><xsl:if test="id = $v"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/><xsl:if test="role = 'contact'"> (client)</xsl:if></option>
      </xsl:for-each>
    </select>
    <xsl:if test="$err"><span class="error"><xsl:value-of select="$err"/></span></xsl:if>
  </xsl:template>

  <!--
    A checkbox n of form f (none: the enclosing form), ticked when on, or
    as sent in the rejected form rf.
  -->
  <xsl:template name="sp-box">
    <xsl:param name="n"/>
    <xsl:param name="on" select="false()"/>
    <xsl:param name="f" select="''"/>
    <xsl:param name="rf" select="/.."/>
    <input type="checkbox" name="{$n}" value="1">
      <xsl:if test="$f != ''"><xsl:attribute name="form"><xsl:value-of select="$f"/></xsl:attribute><xsl:attribute name="aria-label"><xsl:choose><xsl:when test="$n = 'visible'">Shared</xsl:when><xsl:otherwise>Done</xsl:otherwise></xsl:choose></xsl:attribute></xsl:if>
      <xsl:if test="($rf and $rf/field[@name = $n]/@value = '1') or (not($rf) and $on)"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
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

  <!--
    A labelled field of an item's form: n, label, type, d (the stored
    value), rf (the rejected form, whose value and message win), k (the
    item's key: ids are f-<k>-<n>), required.
  -->
  <xsl:template name="sp-field">
    <xsl:param name="n"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="d" select="''"/>
    <xsl:param name="rf" select="/.."/>
    <xsl:param name="k"/>
    <xsl:param name="required" select="false()"/>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$rf/field[@name = $n]/@error"> has-error</xsl:if></xsl:attribute>
      <label for="f-{$k}-{$n}"><xsl:value-of select="$label"/><xsl:if test="$required"><span class="req" aria-hidden="true"> *</span></xsl:if></label>
      <xsl:call-template name="sp-input">
        <xsl:with-param name="n" select="$n"/>
        <xsl:with-param name="type" select="$type"/>
        <xsl:with-param name="d" select="$d"/>
        <xsl:with-param name="rf" select="$rf"/>
        <xsl:with-param name="id" select="concat('f-', $k, '-', $n)"/>
        <xsl:with-param name="required" select="$required"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- An item's delete form (url: the item's address; what: its name). -->
  <xsl:template name="sp-delete">
    <xsl:param name="url"/>
    <xsl:param name="what"/>
    <form method="post" action="{$base}{$url}/delete" class="item-delete">
      <xsl:call-template name="csrf"/>
      <button type="submit" class="danger"><xsl:call-template name="icon"><xsl:with-param name="name">trash</xsl:with-param></xsl:call-template> Delete <span class="visually-hidden"><xsl:value-of select="$what"/></span></button>
    </form>
  </xsl:template>
</xsl:stylesheet>
