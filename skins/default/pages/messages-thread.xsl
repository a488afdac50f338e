<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- One conversation: its messages, oldest first, and the reply form.
       Staff pages (staff-message.xsl) set msg-staff and draw the notes. -->
  <xsl:variable name="msg-staff" select="false()"/>
  <xsl:variable name="msg-pre" select="''"/>
  <xsl:template match="content" mode="page">
    <xsl:variable name="t" select="thread"/>
    <p class="small"><a href="{$base}{$msg-pre}/messages">All messages</a></p>
    <h1><xsl:value-of select="$t/subject"/></h1>
    <p class="small">
      <xsl:if test="$msg-staff"><xsl:value-of select="$t/client"/><xsl:text> · </xsl:text></xsl:if>
      <xsl:if test="$t/project"><xsl:value-of select="$t/project"/><xsl:text> · </xsl:text></xsl:if>
      <xsl:text>With </xsl:text>
      <xsl:for-each select="participants/person">
        <xsl:if test="position() &gt; 1">, </xsl:if>
        <xsl:value-of select="."/>
      </xsl:for-each>
      <xsl:text> and the team</xsl:text>
    </p>
    <ol class="comment-list message-list">
      <xsl:for-each select="messages/message">
        <li id="message-{@id}">
          <xsl:if test="@internal = '1'"><xsl:attribute name="class">internal-note</xsl:attribute></xsl:if>
          <p class="small person">
            <xsl:call-template name="avatar"><xsl:with-param name="name" select="author"/></xsl:call-template>
            <strong><xsl:value-of select="author"/></strong>
            <xsl:text> · </xsl:text><span class="when"><xsl:value-of select="when"/></span>
            <xsl:if test="@by_mail = '1'"><xsl:text> · by e-mail</xsl:text></xsl:if>
            <xsl:if test="@internal = '1'"><xsl:text> </xsl:text><span class="badge badge-pending">Internal note</span></xsl:if>
          </p>
          <div class="markdown"><xsl:copy-of select="body/html/node()"/></div>
          <xsl:if test="files/file">
            <ul class="small">
              <xsl:for-each select="files/file">
                <li><a href="{$base}{$msg-pre}/messages/{/atrium/content/thread/id}/files/{@id}"><xsl:value-of select="@name"/></a>
                  <xsl:text> (</xsl:text><xsl:value-of select="@size"/><xsl:text>)</xsl:text></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ol>
    <h2 id="reply-h">Reply</h2>
    <form method="post" action="{$base}{$msg-pre}/messages/{$t/id}" enctype="multipart/form-data" class="stack" aria-labelledby="reply-h">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field">
        <xsl:with-param name="name">body</xsl:with-param>
        <xsl:with-param name="label">Message</xsl:with-param>
        <xsl:with-param name="type">textarea</xsl:with-param>
        <xsl:with-param name="hint">Markdown. You can also answer the notification e-mail.</xsl:with-param>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="name">file1</xsl:with-param>
        <xsl:with-param name="label">Attachment (optional)</xsl:with-param>
        <xsl:with-param name="type">file</xsl:with-param>
      </xsl:call-template>
      <xsl:if test="$msg-staff">
        <div class="field">
          <label><input type="checkbox" name="note" value="1"/> Internal note: the client never sees it</label>
        </div>
      </xsl:if>
      <p><button type="submit" class="primary">Send</button></p>
    </form>
    <xsl:if test="$msg-staff and contacts/contact">
      <h2 id="add-h">Add a contact</h2>
      <form method="post" action="{$base}/staff/messages/{$t/id}/participants" class="filter" aria-labelledby="add-h">
        <xsl:call-template name="csrf"/>
        <div class="ctl">
          <label for="f-contact">Contact</label>
          <select id="f-contact" name="contact">
            <xsl:for-each select="contacts/contact">
              <option value="{id}"><xsl:value-of select="name"/></option>
            </xsl:for-each>
          </select>
        </div>
        <button type="submit">Add</button>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
