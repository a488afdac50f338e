<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- Every project, for the team, and the form for a new one. -->
  <xsl:template match="content" mode="page">
    <h1>Projects</h1>
    <xsl:call-template name="hs-project-filter">
      <xsl:with-param name="action">/staff/projects</xsl:with-param>
    </xsl:call-template>
    <xsl:choose>
      <xsl:when test="projects/project">
        <xsl:for-each select="projects"><xsl:call-template name="hs-project-table"/></xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="icon">search</xsl:with-param><xsl:with-param name="title">No project matches.</xsl:with-param><xsl:with-param name="text">Try other words, another status or client, or start a project below.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>

    <h2 id="new">New project</h2>
    <p class="hint">A new project is internal until you share it.</p>
    <form method="post" action="{$base}/staff/projects" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:variable name="cf" select="form/field[@name = 'client']"/>
      <div class="field{substring(' has-error', 1, 10 * boolean($cf/@error))}">
        <label for="f-client-new">Client<span class="req" aria-hidden="true"> *</span></label>
        <select id="f-client-new" name="client" required="required">
          <option value="">Choose…</option>
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="id = $cf/@value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
        <xsl:if test="$cf/@error"><p class="error"><xsl:value-of select="$cf/@error"/></p></xsl:if>
      </div>
      <xsl:call-template name="sp-project-fields"/>
      <div class="field">
        <label><input type="checkbox" name="visible" value="1"/> Share with the client now</label>
      </div>
      <p><button type="submit" class="primary">Create project</button></p>
    </form>
  </xsl:template>

  <!--
    The project's fields (create and edit); values from p (the project
    being edited) unless the form was sent back with errors.
  -->
  <xsl:template name="sp-project-fields">
    <xsl:param name="p" select="/.."/>
    <xsl:variable name="sent" select="/atrium/content/form/field"/>
    <xsl:call-template name="field">
      <xsl:with-param name="name">name</xsl:with-param>
      <xsl:with-param name="label">Name</xsl:with-param>
      <xsl:with-param name="value" select="$p/name"/>
      <xsl:with-param name="required" select="true()"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">overview</xsl:with-param>
      <xsl:with-param name="label">Overview</xsl:with-param>
      <xsl:with-param name="type">textarea</xsl:with-param>
      <xsl:with-param name="value" select="$p/overview"/>
      <xsl:with-param name="hint">Markdown: **bold**, *italic*, lists, links.</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="sp-select">
      <xsl:with-param name="name">owner</xsl:with-param>
      <xsl:with-param name="label">Owner</xsl:with-param>
      <xsl:with-param name="value" select="$p/owner_id"/>
      <xsl:with-param name="people" select="/atrium/content/people/person[role != 'contact']"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">start_on</xsl:with-param>
      <xsl:with-param name="label">Start</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="value" select="$p/start_on"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">due_on</xsl:with-param>
      <xsl:with-param name="label">Due</xsl:with-param>
      <xsl:with-param name="type">date</xsl:with-param>
      <xsl:with-param name="value" select="$p/due_on"/>
    </xsl:call-template>
    <div class="field">
      <label for="f-status">Status</label>
      <xsl:variable name="st"><xsl:choose><xsl:when test="$sent[@name = 'status']"><xsl:value-of select="$sent[@name = 'status']/@value"/></xsl:when><xsl:otherwise><xsl:value-of select="$p/status"/></xsl:otherwise></xsl:choose></xsl:variable>
      <select id="f-status" name="status">
        <option value="active"><xsl:if test="$st = 'active'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Active</option>
        <option value="on_hold"><xsl:if test="$st = 'on_hold'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>On Hold</option>
        <option value="completed"><xsl:if test="$st = 'completed'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Completed</option>
      </select>
    </div>
    <div class="field">
      <label for="f-health">Health</label>
      <xsl:variable name="h"><xsl:choose><xsl:when test="$sent[@name = 'health']"><xsl:value-of select="$sent[@name = 'health']/@value"/></xsl:when><xsl:otherwise><xsl:value-of select="$p/health"/></xsl:otherwise></xsl:choose></xsl:variable>
      <select id="f-health" name="health">
        <option value="on_track"><xsl:if test="$h = 'on_track'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>On track</option>
        <option value="needs_review"><xsl:if test="$h = 'needs_review'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Needs review</option>
        <option value="waiting_on_client"><xsl:if test="$h = 'waiting_on_client'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Waiting on client</option>
        <option value="blocked"><xsl:if test="$h = 'blocked'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Blocked</option>
      </select>
    </div>
    <xsl:call-template name="field">
      <xsl:with-param name="name">budget</xsl:with-param>
      <xsl:with-param name="label">Budget</xsl:with-param>
      <xsl:with-param name="value"><xsl:if test="$p/budget_minor != ''"><xsl:value-of select="format-number($p/budget_minor div 100, '0.00')"/></xsl:if></xsl:with-param>
      <xsl:with-param name="hint">An amount like 12500.00</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">currency</xsl:with-param>
      <xsl:with-param name="label">Currency</xsl:with-param>
      <xsl:with-param name="value"><xsl:choose><xsl:when test="$p/currency"><xsl:value-of select="$p/currency"/></xsl:when><xsl:otherwise>EUR</xsl:otherwise></xsl:choose></xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">hours_budget</xsl:with-param>
      <xsl:with-param name="label">Hours budgeted</xsl:with-param>
      <xsl:with-param name="value" select="$p/hours_budget"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="name">hours_used</xsl:with-param>
      <xsl:with-param name="label">Hours used</xsl:with-param>
      <xsl:with-param name="value" select="$p/hours_used"/>
    </xsl:call-template>
    <div class="field">
      <label><input type="checkbox" name="budget_visible" value="1"><xsl:if test="$p/budget_visible = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> Show the budget and hours to the client</label>
    </div>
  </xsl:template>

  <!-- A person <select> (name, label, value, people, id suffix). -->
  <xsl:template name="sp-select">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="people"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:variable name="f" select="/atrium/content/form/field[@name = $name][1]"/>
    <div class="field{substring(' has-error', 1, 10 * boolean($f/@error))}">
      <label for="f-{$name}{$suffix}"><xsl:value-of select="$label"/></label>
      <select id="f-{$name}{$suffix}" name="{$name}">
        <option value="">Nobody yet</option>
        <xsl:for-each select="$people">
          <option value="{id}"><xsl:if test="id = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/><xsl:if test="role = 'contact'"> (client)</xsl:if></option>
        </xsl:for-each>
      </select>
      <xsl:if test="$f/@error"><p class="error"><xsl:value-of select="$f/@error"/></p></xsl:if>
    </div>
  </xsl:template>
</xsl:stylesheet>
