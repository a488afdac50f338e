<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- Case types, SLA targets, canned replies and the working calendar. -->
  <xsl:template match="content" mode="page">
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/cases">Cases</a></nav>
    <h1>Case settings</h1>
    <h2>Working calendar</h2>
    <p>Working days <strong><xsl:value-of select="calendar/@days"/></strong>, hours <strong><xsl:value-of select="calendar/@hours"/></strong>, time zone <strong><xsl:value-of select="calendar/@zone"/></strong>, <xsl:value-of select="calendar/@holidays"/> holidays. Set in the site's configuration (section <code>plugin cases</code>).</p>
    <h2>SLA targets (business hours)</h2>
    <form method="post" action="{$base}/staff/cases/settings/sla" class="stack">
      <xsl:call-template name="csrf"/>
      <div class="table-wrap">
      <table class="list">
        <thead><tr><th scope="col">Priority</th><th scope="col">First response (h)</th><th scope="col">Resolution (h)</th></tr></thead>
        <tbody>
          <xsl:for-each select="slas/sla">
            <tr><th scope="row"><xsl:call-template name="cs-prio"><xsl:with-param name="p" select="priority"/></xsl:call-template></th>
              <td><input type="number" min="1" name="{priority}_response" value="{response_min div 60}" aria-label="{priority}: first response in hours"/></td>
              <td><input type="number" min="1" name="{priority}_resolution" value="{resolution_min div 60}" aria-label="{priority}: resolution in hours"/></td></tr>
          </xsl:for-each>
        </tbody>
      </table>
      </div>
      <p><button type="submit">Save targets</button></p>
    </form>
    <h2>Case types</h2>
    <ul>
      <xsl:for-each select="types/type">
        <li><xsl:value-of select="name"/>
          <xsl:if test="active = '0'"><xsl:text> </xsl:text><span class="badge badge-tone-neutral">Off</span></xsl:if>
          <form method="post" action="{$base}/staff/cases/settings/types" class="inline">
            <xsl:call-template name="csrf"/>
            <input type="hidden" name="id" value="{id}"/>
            <xsl:choose>
              <xsl:when test="active = '1'"><button type="submit">Retire <xsl:value-of select="name"/></button></xsl:when>
              <xsl:otherwise><input type="hidden" name="active" value="1"/><button type="submit">Use <xsl:value-of select="name"/> again</button></xsl:otherwise>
            </xsl:choose>
          </form></li>
      </xsl:for-each>
    </ul>
    <form method="post" action="{$base}/staff/cases/settings/types" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field"><xsl:with-param name="name">name</xsl:with-param><xsl:with-param name="label">New type</xsl:with-param></xsl:call-template>
      <p><button type="submit">Add type</button></p>
    </form>
    <h2>Canned replies</h2>
    <ul><xsl:for-each select="canned/reply"><li><strong><xsl:value-of select="title"/></strong>: <xsl:value-of select="body"/></li></xsl:for-each></ul>
    <form method="post" action="{$base}/staff/cases/settings/canned" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Text</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <p><button type="submit">Save canned reply</button></p>
    </form>
    <h2>Signed approval of estimates</h2>
    <p>When a client's approval of an estimate is signed, the contact signs the estimate (a PDF) through the e-signature service, and the approval takes effect once it is signed. The site's default (option <code>sign-estimates</code>): <strong><xsl:choose><xsl:when test="signing/@site = '1'">signed</xsl:when><xsl:otherwise>not signed</xsl:otherwise></xsl:choose></strong>.</p>
    <xsl:if test="signing/clients/client[sign]">
      <ul><xsl:for-each select="signing/clients/client[sign]"><li><xsl:value-of select="name"/>: <xsl:choose><xsl:when test="sign = '1'">signed</xsl:when><xsl:otherwise>not signed</xsl:otherwise></xsl:choose></li></xsl:for-each></ul>
    </xsl:if>
    <form method="post" action="{$base}/staff/cases/settings/sign" class="stack">
      <xsl:call-template name="csrf"/>
      <div class="field">
        <label for="f-sign-client">Client</label>
        <select id="f-sign-client" name="client">
          <xsl:for-each select="signing/clients/client"><option value="{id}"><xsl:value-of select="name"/></option></xsl:for-each>
        </select>
      </div>
      <div class="field">
        <label for="f-sign">Approvals of estimates</label>
        <select id="f-sign" name="sign">
          <option value="">As the site's default</option>
          <option value="1">Signed</option>
          <option value="0">Not signed</option>
        </select>
      </div>
      <p><button type="submit">Save</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
